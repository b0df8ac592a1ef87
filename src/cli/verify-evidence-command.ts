import { resolve } from 'node:path';
import { Diagnostics, formatDiagnostics } from '../config/diagnostics.ts';
import { checkFolder, isIntact, type FolderCheck } from '../evidence/verify-folder.ts';
import { parseFlags } from './args.ts';
import type { CliIO } from './io.ts';

export const VERIFY_EVIDENCE_HELP = `postflight verify-evidence <run folder> [--expect SHA256] [--json]

  Recomputes the sha256 of every file listed in the folder's manifest.json and the manifest's
  own hash, compares that hash with the journal's seal line, the history index and --expect
  (the hash printed at the end of verify, e.g. from a CI log), and checks the sign-off chain
  (signoff.jsonl). Names every changed, missing or extra file and every broken link.

Exit codes: 0 intact, 1 tampered (something changed), 3 bad input (no such folder, no readable
manifest.json, bad flags).`;

export function renderFolderCheck(dir: string, c: FolderCheck): string {
  const lines = [`${dir}`, `  manifest.json sha256 ${c.manifestSha256}`];
  for (const f of c.files) lines.push(`  ${f.kind.toUpperCase().padEnd(8)} ${f.path}: ${f.detail}`);
  for (const s of c.seal) lines.push(`  SEAL     ${s}`);
  for (const s of c.chain) lines.push(`  SIGNOFF  ${s}`);
  for (const s of c.signoffs)
    lines.push(`  signed   ${s.at} ${s.role} ${s.name}${s.decision ? ` decision ${s.decision}` : ''}${s.items?.length ? ` items ${s.items.join(', ')}` : ''}`);
  lines.push(
    isIntact(c)
      ? `  INTACT: every file matches the manifest${c.signoffs.length ? `; ${c.signoffs.length} sign-off(s), chain intact` : ''}`
      : `  TAMPERED: ${c.files.length + c.seal.length + c.chain.length} problem(s) above`,
  );
  return lines.join('\n');
}

export async function verifyEvidenceCommand(argv: string[], io: CliIO): Promise<number> {
  const diags = new Diagnostics();
  const { values, positionals } = parseFlags(argv, { expect: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, diags);
  if (values.help) return (io.out(VERIFY_EVIDENCE_HELP), 0);
  if (positionals.length !== 1)
    diags.error(
      'folder',
      positionals.length ? `one run folder, not ${positionals.length}` : 'missing',
      'e.g. postflight verify-evidence reports/financial-rise/staging/20261125-071200-ab12',
    );
  const expect = values.expect as string | undefined;
  if (expect !== undefined && !/^[0-9a-f]{64}$/i.test(expect)) diags.error('--expect', `"${expect}" is not a sha256 (64 hex digits)`);
  if (diags.hasErrors) return (io.err(formatDiagnostics(diags.items)), 3);
  const dir = resolve(io.cwd, positionals[0]!);
  const check = await checkFolder(dir, expect ? { expect } : {});
  if (check.unreadable) {
    io.err(`postflight verify-evidence: ${check.unreadable.join('\n')}`);
    return 3;
  }
  if (values.json) io.out(JSON.stringify({ folder: dir, intact: isIntact(check), ...check }, null, 2));
  else io.out(renderFolderCheck(dir, check));
  return isIntact(check) ? 0 : 1;
}
