import { buffer } from 'node:stream/consumers';
import yauzl from 'yauzl';
import yazl from 'yazl';

/**
 * Whole-zip read and write on buffers (yauzl / yazl). A Playwright trace.zip is a few MB of
 * JSON lines and resources, so holding it in memory is simpler than streaming and lets the
 * caller decide entry by entry what to rewrite.
 */

export interface ZipEntryData {
  name: string;
  isDirectory: boolean;
  data: Buffer;
  mtime: Date;
  /** Unix mode bits when the archive recorded them. */
  mode?: number;
  /** Whether the entry was deflated; kept when re-zipping. */
  compress: boolean;
}

/** Local file header or an empty archive's end record: "PK\x03\x04" / "PK\x05\x06". */
export function isZip(data: Buffer): boolean {
  return data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && ((data[2] === 3 && data[3] === 4) || (data[2] === 5 && data[3] === 6));
}

export async function readZip(data: Buffer): Promise<ZipEntryData[]> {
  const zip = await yauzl.fromBufferPromise(data, { lazyEntries: true });
  const entries: ZipEntryData[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      const isDirectory = entry.fileName.endsWith('/');
      const mode = entry.externalFileAttributes >>> 16;
      entries.push({
        name: entry.fileName,
        isDirectory,
        data: isDirectory ? Buffer.alloc(0) : await buffer(await zip.openReadStreamPromise(entry)),
        mtime: entry.getLastModDate(),
        ...(mode ? { mode } : {}),
        compress: entry.compressionMethod !== 0,
      });
    }
  } finally {
    zip.close();
  }
  return entries;
}

export async function writeZip(entries: readonly ZipEntryData[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  // Consume while yazl writes, so a large archive cannot stall on back-pressure.
  const out = buffer(zip.outputStream);
  for (const e of entries) {
    const common = { mtime: e.mtime, ...(e.mode ? { mode: e.mode } : {}) };
    if (e.isDirectory) zip.addEmptyDirectory(e.name, common);
    else zip.addBuffer(e.data, e.name, { ...common, compress: e.compress });
  }
  zip.end();
  return out;
}
