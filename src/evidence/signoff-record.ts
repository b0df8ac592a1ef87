import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Signoff, SignoffRole } from './signoff.ts';

/**
 * Who signs which line of each app's deployment record. The records themselves
 * (deployment-log.md, go-no-go-record.md) are written by the gate and sealed, so they cannot
 * hold names given later: they say "not yet signed" and point here. `signoff.md`, outside the
 * sealed set and rewritten from signoff.jsonl on every sign-off, is the filled sign-off block.
 */

export const SIGNOFF_RECORD_FILE = 'signoff.md';

export interface SignoffLine {
  /** The template's label, e.g. "Deployed by". */
  label: string;
  /** Roles whose sign-off fills it, in order of preference. */
  roles: SignoffRole[];
}

/** FlowComply's "Deployment Log Template" sign-off and Financial RISE's go/no-go attendees. */
export const SIGNOFF_LINES: Record<string, SignoffLine[]> = {
  flowcomply: [
    { label: 'Deployed by', roles: ['devops-lead'] },
    { label: 'Verified by', roles: ['qa-lead'] },
    { label: 'Approved by', roles: ['product-owner', 'engineering-lead'] },
  ],
  'financial-rise': [
    { label: 'Product Owner (final decision maker)', roles: ['product-owner'] },
    { label: 'Engineering Lead', roles: ['engineering-lead'] },
    { label: 'DevOps Lead', roles: ['devops-lead'] },
    { label: 'QA Lead', roles: ['qa-lead'] },
    { label: 'Support Lead', roles: ['support-lead'] },
  ],
};

export const NOT_YET_SIGNED = 'not yet signed';

/** The line the sealed record carries in place of a name. */
export const unsignedLine = (line: SignoffLine): string =>
  `- ${line.label}: ${NOT_YET_SIGNED} — \`postflight signoff <this folder> --role ${line.roles[0]} --name "..."\` (recorded in signoff.jsonl / signoff.md, outside the sealed set)`;

const who = (s: Signoff): string => `${s.name} (${s.role}, ${s.at}${s.decision ? `, ${s.decision.toUpperCase()}` : ''})`;

/** Pure: signoff.md from the chain. `run` is verdict.json (app, release, run id, decision). */
export function renderSignoffRecord(chain: readonly Signoff[], run: { app?: string; runId?: string; release?: string; decision?: string }): string {
  const lines = SIGNOFF_LINES[run.app ?? ''] ?? [];
  const out = [
    `# Sign-off — ${run.app ?? 'run'} ${run.release ?? ''} (gate run ${run.runId ?? '?'}, decision ${run.decision ?? '?'})`,
    '',
    'Rendered from signoff.jsonl (hash-chained onto manifest.json; `postflight verify-evidence` checks it).',
    '',
    '## Sign-off',
    '',
  ];
  for (const line of lines) {
    const signed = chain.filter((s) => line.roles.includes(s.role));
    out.push(signed.length ? `- ${line.label}: ${signed.map(who).join('; ')}` : `- ${line.label}: ${NOT_YET_SIGNED}`);
  }
  out.push('', '## Every attestation', '', '| # | when | role | name | decision | items | note | hash |', '|---|---|---|---|---|---|---|---|');
  const cell = (t: string) => t.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
  chain.forEach((s, i) =>
    out.push(
      `| ${i + 1} | ${s.at} | ${s.role} | ${cell(s.name)} | ${s.decision ?? ''} | ${(s.items ?? []).join(', ')} | ${cell(s.note ?? '')} | \`${s.hash.slice(0, 12)}\` |`,
    ),
  );
  out.push('');
  return out.join('\n');
}

export async function writeSignoffRecord(
  dir: string,
  chain: readonly Signoff[],
  verdict: { run?: { app?: string; runId?: string; release?: string }; decision?: string },
): Promise<void> {
  await writeFile(join(dir, SIGNOFF_RECORD_FILE), renderSignoffRecord(chain, { ...verdict.run, ...(verdict.decision ? { decision: verdict.decision } : {}) }));
}
