import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

/**
 * The documents bucket: the deployed app keeps documents in S3; the reference app keeps
 * them in a directory under `deps.dataDir`. Keys are bucket-relative paths, as in S3.
 */
export interface DocumentStore {
  root: string;
  put(key: string, body: Buffer | string): Promise<void>;
  get(key: string): Promise<Buffer>;
  remove(key: string): Promise<void>;
}

export function documentStore(root: string): DocumentStore {
  const pathOf = (key: string): string => {
    const path = resolve(root, key);
    // Keys come from the app, but a `../` in one must never write outside the bucket.
    if (!path.startsWith(resolve(root) + sep)) throw new Error(`Object key "${key}" escapes the bucket`);
    return path;
  };
  return {
    root,
    async put(key, body) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, body);
    },
    get: (key) => readFile(pathOf(key)),
    remove: (key) => rm(pathOf(key), { force: true }),
  };
}

/**
 * Where the bucket lives. With `unreachable` (fault `fc:s3-down`) the root sits below a
 * regular file, so every write fails for real with ENOTDIR, even when running as root,
 * where a permission-based outage would not.
 */
export async function storeRoot(dataDir: string, unreachable: boolean): Promise<string> {
  await mkdir(dataDir, { recursive: true });
  if (!unreachable) return join(dataDir, 'flowcomply-documents');
  const blocker = join(dataDir, 'flowcomply-documents-unreachable');
  await rm(blocker, { recursive: true, force: true });
  await writeFile(blocker, 'This file stands where the documents bucket should be (fault fc:s3-down).\n');
  return join(blocker, 'bucket');
}

/** The readiness probe: write, read back and delete one object, as an S3 round trip would. */
export async function probeStore(store: DocumentStore): Promise<void> {
  const key = `.health/probe-${randomUUID()}`;
  const body = `probe ${new Date().toISOString()}`;
  await store.put(key, body);
  try {
    const read = (await store.get(key)).toString('utf8');
    if (read !== body) throw new Error(`Probe object read back ${read.length} bytes, wrote ${body.length}`);
  } finally {
    await store.remove(key);
  }
}
