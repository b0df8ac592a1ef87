import { appendFile, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Diagnostics, formatDiagnostics } from '../config/diagnostics.ts';
import { writeSignoffRecord } from '../evidence/signoff-record.ts';
import { chainHead, makeSignoff, SIGNOFF_FILE, SIGNOFF_ROLES, signoffLine, signoffProblems, type SignoffInput } from '../evidence/signoff.ts';
import { checkFolder, isIntact } from '../evidence/verify-folder.ts';
import { listFlag, parseFlags } from './args.ts';
import type { CliIO } from './io.ts';
import { renderFolderCheck } from './verify-evidence-command.ts';

export const SIGNOFF_HELP = `postflight signoff <run folder> --role <${SIGNOFF_ROLES.join('|')}> --name NAME
                   [--item <manual-checklist-id>]... [--decision go|no-go] [--note TEXT]

  Appends one attestation to <run folder>/signoff.jsonl: who (role, name), what (the manual
  checklist items they did, their go/no-go), when. The file is outside the sealed set and
  hash-chained: the first line onto the manifest's own hash, each next line onto the one before.
  signoff.md (the deployment log's / go-no-go record's sign-off, filled) is rewritten from it.
  The folder is verified first: a folder that fails verify-evidence cannot be signed.

Exit codes: 0 signed, 3 refused (unknown role, empty name, bad item id, a folder that is not
intact or not sealed; every problem is listed and nothing is written).`;

export async function signoffCommand(argv: string[], io: CliIO, now: () => Date = () => new Date()): Promise<number> {
  const diags = new Diagnostics();
  const { values, positionals } = parseFlags(
    argv,
    {
      role: { type: 'string' },
      name: { type: 'string' },
      item: { type: 'string', multiple: true },
      decision: { type: 'string' },
      note: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    diags,
  );
  if (values.help) return (io.out(SIGNOFF_HELP), 0);
  if (positionals.length !== 1)
    diags.error(
      'folder',
      positionals.length ? `one run folder, not ${positionals.length}` : 'missing',
      'give the run folder to sign, e.g. reports/financial-rise/staging/<run-id>',
    );
  const items = values.item === undefined ? undefined : listFlag(values.item as string[]);
  const raw = {
    role: values.role as string | undefined,
    name: values.name as string | undefined,
    decision: values.decision as string | undefined,
    items,
    note: values.note as string | undefined,
  };
  for (const p of signoffProblems(raw)) diags.error(p.slice(0, p.indexOf(':')), p.slice(p.indexOf(':') + 2));
  const dir = positionals.length === 1 ? resolve(io.cwd, positionals[0]!) : undefined;
  const check = dir ? await checkFolder(dir) : undefined;
  if (check?.unreadable) for (const u of check.unreadable) diags.error('folder', u);
  else if (check && !isIntact(check)) diags.error('folder', `fails verification, so it cannot be signed:\n${renderFolderCheck(dir!, check)}`);
  if (diags.hasErrors || !dir || !check?.manifestSha256) return (io.err(formatDiagnostics(diags.items)), 3);

  const input: SignoffInput = {
    role: raw.role as SignoffInput['role'],
    name: raw.name!,
    ...(raw.decision ? { decision: raw.decision as SignoffInput['decision'] } : {}),
    ...(items?.length ? { items } : {}),
    ...(raw.note?.trim() ? { note: raw.note.trim() } : {}),
  };
  const signoff = makeSignoff(input, chainHead(check.signoffs, check.manifestSha256), now());
  await appendFile(join(dir, SIGNOFF_FILE), signoffLine(signoff));
  const chain = [...check.signoffs, signoff];
  await writeSignoffRecord(dir, chain, JSON.parse(await readFile(join(dir, 'verdict.json'), 'utf8').catch(() => '{}')));
  io.out(
    `Signed ${dir}\n  ${signoff.at} ${signoff.role} ${signoff.name}${signoff.decision ? ` decision ${signoff.decision}` : ''}${signoff.items?.length ? ` items ${signoff.items.join(', ')}` : ''}\n  line ${chain.length} of ${SIGNOFF_FILE}, hash ${signoff.hash}\n  (chained onto manifest.json sha256 ${check.manifestSha256})`,
  );
  return 0;
}
