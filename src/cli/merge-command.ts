import { resolve } from 'node:path';
import { Diagnostics, formatDiagnostics } from '../config/diagnostics.ts';
import { EXIT } from '../core/types.ts';
import { mergeShards } from '../gate/merge.ts';
import { exitCodeOf } from '../verdict/exit-code.ts';
import { parseFlags } from './args.ts';
import type { CliIO } from './io.ts';
import { verdictSummary } from './verdict-summary.ts';

export const MERGE_HELP = `postflight merge <shard run folder>... [--out DIR] [--json]

  Merges the folders \`verify --shard i/n\` wrote for ONE app into one run folder with one
  verdict: the same decide() as an unsharded run, over every shard's results. The merged folder
  (<out>/<app>/<env>/<run-id>/, default out: the shards' own reports root) has the normal
  evidence (verdict.json, summary.md, index.html, junit.xml, manifest + seal), each shard's
  folder under shards/<i>-of-<n>/, and is added to the history index. Refused, naming each
  problem: folders of different runs (run groups: \`verify --shard i/n --run-group ID\`, by
  default the CI's run id), or with a group beside folders without; folders of different apps,
  environments, releases, shard counts or plans; a check in two folders (a shard given twice);
  a check of the plan in none (a shard missing); a folder that is not a sealed shard folder.
  Shards with no run group at all are merged only if they started within the shard policy's
  bound (config/shard-policy.ts, 6 h), and the merged verdict says the merge trusted them.

Exit codes: 0 GO, 1 NO-GO, 2 INCONCLUSIVE, 3 bad input (nothing was written).`;

export async function mergeCommand(argv: string[], io: CliIO): Promise<number> {
  const diags = new Diagnostics();
  const { values, positionals } = parseFlags(argv, { out: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, diags);
  if (values.help) return (io.out(MERGE_HELP), 0);
  if (positionals.length === 0)
    diags.error('folders', 'missing', "give every shard's run folder, e.g. postflight merge shard-1/financial-rise/staging/* shard-2/financial-rise/staging/*");
  if (diags.hasErrors) return (io.err(formatDiagnostics(diags.items)), EXIT.HARNESS_ERROR);
  const merged = await mergeShards(
    positionals.map((p) => resolve(io.cwd, p)),
    { ...(values.out ? { outRoot: resolve(io.cwd, values.out as string) } : {}), log: values.json ? () => {} : (l) => io.out(l) },
  );
  if ('problems' in merged) {
    io.err(`postflight merge: nothing was merged:\n${merged.problems.map((p) => `  - ${p}`).join('\n')}`);
    return EXIT.HARNESS_ERROR;
  }
  const { run } = merged;
  if (values.json) io.out(JSON.stringify([{ app: run.app, runDir: run.runDir, ...run.verdict, manifestSha256: run.manifestSha256 }], null, 2));
  else io.out(verdictSummary(run, io.cwd, merged.appName));
  return exitCodeOf(run.verdict.decision);
}
