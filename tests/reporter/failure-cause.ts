import type { Cause } from '../../src/core/types.ts';

/**
 * Whose fault a "could not measure" error is, read from the error text (it crosses the
 * Playwright process boundary as text). First match wins; no match -> the gate's (the
 * default of `checkResult` for `error`).
 */
interface CauseRule {
  re: RegExp;
  cause: Cause;
  fix?: string | ((m: RegExpMatchArray) => string);
}

export const RATE_LIMIT_FIX = "the target rate-limited the gate: allowlist its IP (or wait for the target's rate-limit window to pass)";

const RULES: readonly CauseRule[] = [
  // src/core/gate-credentials.ts: the gate's own smoke/admin account was refused (401/403/423).
  { re: /refused the gate's own .* login \(HTTP \d+\).*Fix: (.+)$/, cause: 'gate', fix: (m) => m[1].trim() },
  // src/http/request-budget.ts: the gate would have had to wait too long for the target's window.
  { re: /request budget: .*Allowlist (.+)$/, cause: 'gate', fix: (m) => `allowlist ${m[1].trim()}` },
  { re: /request budget: /, cause: 'gate', fix: RATE_LIMIT_FIX },
  { re: /answered 429/, cause: 'gate', fix: RATE_LIMIT_FIX },
  // src/mail/inbox.ts: the gate's own inbox answered errors (or nothing) instead of mail.
  { re: /the gate's inbox \(.+\) failed while waiting for mail.*Fix: (.+)$/, cause: 'gate', fix: (m) => m[1].trim() },
  // tests/pages/form-refusal.ts: the app's form refused a value the gate typed (its test data).
  {
    re: /the form refused the gate's test data: .*set (apps\.[\w.-]+)/,
    cause: 'gate',
    fix: (m) => `give the deployment a value it accepts: set ${m[1]} in the environment file`,
  },
  // The target did not answer at all: evidence about the release (down, frozen, unreachable).
  // After the suites, src/verdict/corroborate.ts judges it by what else answered in the run.
  {
    re: /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|socket hang up|timeout of \d+ms exceeded|net::ERR_(CONNECTION_REFUSED|CONNECTION_RESET|EMPTY_RESPONSE|TIMED_OUT)/,
    cause: 'target',
  },
];

/** True when an error text is one these rules know (so it is `error`, not `fail`). */
export function knownCannotMeasure(errors: readonly string[]): boolean {
  return failureCause(errors) !== undefined;
}

/** The cause and fix of the first error a rule knows; undefined when none does. */
export function failureCause(errors: readonly string[]): { cause: Cause; fix?: string } | undefined {
  const lines = errors.flatMap((e) => e.replace(/\u001b\[[0-9;]*m/g, '').split('\n'));
  for (const line of lines) {
    for (const rule of RULES) {
      const m = line.match(rule.re);
      if (!m) continue;
      const fix = typeof rule.fix === 'function' ? rule.fix(m) : rule.fix;
      return fix ? { cause: rule.cause, fix } : { cause: rule.cause };
    }
  }
  return undefined;
}
