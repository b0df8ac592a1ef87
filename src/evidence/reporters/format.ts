import { PHASES, type Assertion, type CheckResult, type Decision, type GateProblem, type Phase, type RollbackAdvice, type Status } from '../../core/types.ts';

/**
 * Presentation helpers shared by the Markdown, HTML, JUnit and deployment-log renderers, so
 * an icon, a duration or a metric reads the same in every output. Pure.
 */

export const STATUS_ICON: Record<Status, string> = { pass: '✅', fail: '❌', error: '⛔', inconclusive: '❔', skipped: '⏭️', waived: '🚫' };
export const DECISION_ICON: Record<Decision, string> = { GO: '✅', 'NO-GO': '❌', INCONCLUSIVE: '⚠️' };
/** Worst first: the order a meeting reads in (status.ts ranks the same way, best first). */
export const STATUS_WORST_FIRST: readonly Status[] = ['fail', 'error', 'inconclusive', 'skipped', 'waived', 'pass'];
const SEVERITY_RANK = { critical: 0, major: 1, minor: 2 } as const;

/** Failures first, then could-not-measure, skipped, passes; critical before major within each. */
export function worstFirst(checks: readonly CheckResult[]): CheckResult[] {
  const rank = (c: CheckResult) => STATUS_WORST_FIRST.indexOf(c.status) * 10 + SEVERITY_RANK[c.severity];
  return [...checks].sort((a, b) => rank(a) - rank(b));
}

/** Checks grouped by phase in run order (PHASES), each group worst first; empty phases left out. */
export function byPhase(checks: readonly CheckResult[]): [Phase, CheckResult[]][] {
  const known = new Set<string>(PHASES);
  const phases = [...PHASES, ...new Set(checks.map((c) => c.phase).filter((p) => !known.has(p)))];
  return phases.map((p): [Phase, CheckResult[]] => [p, worstFirst(checks.filter((c) => c.phase === p))]).filter(([, list]) => list.length > 0);
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** Short display of any measured value: strings as they are, the rest as JSON. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return 'not measured';
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

export const formatExpected = (a: Assertion): string => `${a.operator} ${formatValue(a.expected)}`;

/**
 * Metric keys follow a naming convention the runners share: `...Ms` in milliseconds,
 * `...Rate` as a 0..1 ratio, Lighthouse category scores (`performance`, `...Score`) as 0..1.
 */
export function formatMetric(key: string, value: number | string | boolean): string {
  if (typeof value !== 'number') return String(value);
  if (/Ms$/.test(key)) return `${Math.round(value)} ms`;
  if (/Rate$/i.test(key)) return `${Number((value * 100).toFixed(2))}%`;
  if (/^(performance|accessibility|best-practices|seo)$|Score$/i.test(key) && value >= 0 && value <= 1) return `${Math.round(value * 100)}`;
  return String(Number.isInteger(value) ? value : Number(value.toFixed(3)));
}

/** Metrics worth a headline: Lighthouse scores and timings, latency percentiles, error rates. */
export function isKeyMetric(key: string): boolean {
  return /^(performance|accessibility|fcp|lcp|tti|tbt|cls)|score$|p(50|90|95|99)|errorRate|first-contentful-paint|interactive|largest-contentful-paint/i.test(
    key,
  );
}

/** First numeric metric named `key`, preferring the checks listed (in order), then any check. */
export function findMetric(checks: readonly CheckResult[], key: string, preferIds: readonly string[] = []): { value: number; from: string } | undefined {
  const ordered = [...preferIds.map((id) => checks.find((c) => c.id === id)).filter((c): c is CheckResult => !!c), ...checks];
  for (const c of ordered) {
    const v = c.metrics?.[key];
    if (typeof v === 'number' && Number.isFinite(v)) return { value: v, from: c.id };
  }
  return undefined;
}

/**
 * A link to an evidence file, relative to the run folder. Anything that could leave the folder
 * (absolute path, `..`, a URL scheme such as `javascript:`) is shown as text, never linked.
 */
export function evidenceHref(path: string): string | undefined {
  if (!path || path.startsWith('/') || path.includes('\\') || /^[a-z][a-z0-9+.-]*:/i.test(path)) return undefined;
  const segments = path.split('/');
  if (segments.some((s) => s === '..' || s === '')) return undefined;
  return segments.map(encodeURIComponent).join('/');
}

/**
 * "A — Revert Application Code (destructive)". A run folder written before procedures were
 * data holds the procedure's prose in `procedure` and no title: it is shown as it is.
 */
export function procedureLabel(rollback: Pick<RollbackAdvice, 'procedure' | 'procedureTitle' | 'destructive'>): string | undefined {
  if (!rollback.procedure) return undefined;
  const title = rollback.procedureTitle ? ` — ${rollback.procedureTitle}` : '';
  return `${rollback.procedure}${title}${rollback.destructive ? ' (destructive: needs explicit confirmation)' : ''}`;
}

/** Heading of the gate-health block: it must not read as a verdict on the release. */
export const GATE_HEALTH_TITLE = 'Gate health: problems of the gate, not of the release';
export const GATE_HEALTH_INTRO =
  'The gate could not do these checks properly (its own tool, credentials, network or limits). They make the run INCONCLUSIVE, never NO-GO; fix the gate and run again.';

/** Gate problems of a report; run folders from before causes were recorded have none. */
export const gateProblemsOf = (report: { gateHealth?: readonly GateProblem[] }): readonly GateProblem[] => report.gateHealth ?? [];

export const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ').trim();

/** The "How to read this" footer, shared by summary.md and index.html. */
export const HOW_TO_READ: readonly string[] = [
  'GO: every check that ran measured a pass; the deployment may stay. Skipped checks did not run and are listed.',
  'NO-GO: at least one check failed (or a metric crossed an immediate-rollback threshold). The rollback box says what the runbook recommends.',
  'INCONCLUSIVE: nothing failed, but something could not be measured (error, inconclusive), a check passed only on retry, or a metric is in the "consider" band. It is never a GO: rerun or decide by hand.',
  'Statuses: ✅ pass, ❌ fail (measured, wrong), ⛔ error (could not measure: target or tool unavailable), ❔ inconclusive (measured, but not enough to judge), ⏭️ skipped (not run; the message says why), 🚫 waived (not verified by the gate: the environment declared it does not apply; never a pass).',
  'Gate health: problems of the gate itself (tool missing, its own credentials or network), not of the release. They make the run INCONCLUSIVE and never cause NO-GO or a rollback; each says how to fix the gate.',
  'Rollback: "immediate" per the runbook for a critical failure, error rate or degradation above the runbook limits; "consider" for non-critical failures and the middle bands. Procedures marked destructive lose data and need explicit confirmation.',
  'Evidence paths are relative to this folder. Secrets were redacted before this report was shared; manifest.json holds the sha256 of every file.',
];

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
