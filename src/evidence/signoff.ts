import { sha256Hex } from './manifest.ts';

/**
 * Sign-offs: who attested what about a sealed run folder, and when. They are added after the
 * gate finished, so they live outside the sealed set (`signoff.jsonl`), and each line is
 * chained onto the one before (the first onto the manifest's own hash): editing, dropping or
 * reordering a line, or re-sealing the folder under it, breaks the chain.
 *
 * The line format is a contract the HTML report reads:
 *   { role, name, decision?, items?, note?, at, prevHash, hash }
 * `hash` = sha256 (hex) of the canonical line without `hash`: JSON.stringify of the fields in
 * exactly that order, absent optional fields left out, no spaces. Pure; the CLI does the I/O.
 */

export const SIGNOFF_FILE = 'signoff.jsonl';

/** The go/no-go meeting's attendees (financial-rise-runbook.md, "Go/No-Go Meeting Attendees"). */
export const SIGNOFF_ROLES = ['qa-lead', 'engineering-lead', 'devops-lead', 'product-owner', 'support-lead'] as const;
export type SignoffRole = (typeof SIGNOFF_ROLES)[number];

export const SIGNOFF_DECISIONS = ['go', 'no-go'] as const;
export type SignoffDecision = (typeof SIGNOFF_DECISIONS)[number];

export interface SignoffInput {
  role: SignoffRole;
  name: string;
  decision?: SignoffDecision;
  /** Manual checklist items this person attests they did (ids of the report's checklist). */
  items?: string[];
  note?: string;
}

export interface Signoff extends SignoffInput {
  at: string;
  prevHash: string;
  hash: string;
}

/** A checklist id: letters, digits and `._:-`, so it cannot smuggle markup into a report. */
const ITEM_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,119}$/;

/** Every problem with the input at once (empty when fine). */
export function signoffProblems(raw: { role?: string; name?: string; decision?: string; items?: string[]; note?: string }): string[] {
  const problems: string[] = [];
  if (!raw.role) problems.push(`--role: missing (one of ${SIGNOFF_ROLES.join(', ')})`);
  else if (!(SIGNOFF_ROLES as readonly string[]).includes(raw.role)) problems.push(`--role: unknown role "${raw.role}" (one of ${SIGNOFF_ROLES.join(', ')})`);
  if (!raw.name?.trim()) problems.push('--name: empty: give the name of the person signing');
  else if (raw.name.length > 120 || /[\u0000-\u001f]/.test(raw.name)) problems.push('--name: at most 120 characters, no control characters');
  if (raw.decision !== undefined && !(SIGNOFF_DECISIONS as readonly string[]).includes(raw.decision))
    problems.push(`--decision: "${raw.decision}" is not go or no-go`);
  for (const item of raw.items ?? []) if (!ITEM_ID.test(item)) problems.push(`--item: "${item}" is not a checklist id (letters, digits, . _ : -)`);
  if (raw.note !== undefined && raw.note.length > 2000) problems.push('--note: at most 2000 characters');
  return problems;
}

/** The canonical text a sign-off's hash is computed over (see the header). */
export function canonicalSignoff(s: Omit<Signoff, 'hash'>): string {
  return JSON.stringify({
    role: s.role,
    name: s.name,
    ...(s.decision ? { decision: s.decision } : {}),
    ...(s.items?.length ? { items: s.items } : {}),
    ...(s.note ? { note: s.note } : {}),
    at: s.at,
    prevHash: s.prevHash,
  });
}

/** The next line of the chain: prevHash is the last line's hash, or the manifest's for the first. */
export function makeSignoff(input: SignoffInput, prevHash: string, at: Date): Signoff {
  const body = { ...input, name: input.name.trim(), at: at.toISOString(), prevHash };
  const canonical = canonicalSignoff(body);
  return { ...(JSON.parse(canonical) as Omit<Signoff, 'hash'>), hash: sha256Hex(canonical) };
}

export const signoffLine = (s: Signoff): string => `${canonicalSignoff(s).slice(0, -1)},"hash":${JSON.stringify(s.hash)}}\n`;

export interface ChainCheck {
  signoffs: Signoff[];
  /** Each break of the chain, with its line number; empty when intact. */
  problems: string[];
}

/** Reads signoff.jsonl and checks every link, starting from the manifest's own hash. */
export function checkChain(text: string, manifestSha256: string): ChainCheck {
  const signoffs: Signoff[] = [];
  const problems: string[] = [];
  let prev = manifestSha256;
  const lines = text.split('\n').filter((l) => l.trim());
  lines.forEach((line, i) => {
    const where = `${SIGNOFF_FILE} line ${i + 1}`;
    let s: Signoff;
    try {
      s = JSON.parse(line) as Signoff;
    } catch {
      problems.push(`${where}: not JSON`);
      return;
    }
    if (s.prevHash !== prev)
      problems.push(
        `${where}: prevHash does not match ${i === 0 ? "the manifest's own hash (the folder was re-sealed, or the line was moved)" : 'the previous line (a line was removed, inserted or reordered)'}`,
      );
    if (sha256Hex(canonicalSignoff(s)) !== s.hash) problems.push(`${where}: its hash does not match its content (the line was edited)`);
    signoffs.push(s);
    prev = s.hash;
  });
  return { signoffs, problems };
}

/** The hash the next sign-off chains onto. */
export const chainHead = (signoffs: readonly Signoff[], manifestSha256: string): string => signoffs.at(-1)?.hash ?? manifestSha256;
