import type { Cause, CheckResult, Status } from '../core/types.ts';

/**
 * Whose fault "no answer" is, decided from what answered in the same run (pure).
 *
 * A timeout, a reset or a refused connection alone cannot say whether the release is down or the
 * gate cannot reach it. The run itself can: when other endpoints of the same deployment answered
 * the gate (its API, its web server, any route), the gate's network path works and the silent
 * endpoint is the release's failure — a measured `fail` (a hung or closed health endpoint is an
 * immediate rollback by the runbook). Only when nothing of the target answered and the gate's own
 * reachability probe failed too is it the gate's. Nothing answered but the host reachable (it
 * accepts connections, or refuses them itself): the target's, still `error` (nothing measured).
 */

export type NoAnswer = 'timeout' | 'reset' | 'refused';

/**
 * The error texts (Node, axios, Chromium) that mean "the endpoint did not answer". Playwright's
 * own "Test timeout of N ms exceeded" is not one: it is the suite's time limit, not a silence.
 */
const NO_ANSWER: ReadonlyArray<[RegExp, NoAnswer]> = [
  [/ETIMEDOUT|(?<!Test )timeout of \d+ms exceeded|net::ERR_TIMED_OUT|net::ERR_CONNECTION_TIMED_OUT/, 'timeout'],
  [/ECONNRESET|socket hang up|net::ERR_CONNECTION_RESET|net::ERR_EMPTY_RESPONSE/, 'reset'],
  [/ECONNREFUSED|net::ERR_CONNECTION_REFUSED/, 'refused'],
];

export function noAnswerKind(text: string): NoAnswer | undefined {
  return NO_ANSWER.find(([re]) => re.test(text))?.[1];
}

import type { Answered } from '../core/answered.ts';

export type { Answered };

export interface RunAnswers {
  /** The deployment's origins (API and web). */
  origins: readonly string[];
  /** Every endpoint of any origin that answered in this run (from the run's answer log). */
  answered: readonly Answered[];
  /** The gate's own reachability probe (TCP to the target's hosts); undefined when not run. */
  reachable?: boolean;
}

export interface Blame {
  status: Status;
  cause: Cause;
  because: string;
  fix?: string;
}

const originOf = (url: string): string => {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
};

/** The target's endpoints that answered, as `origin/path` (at most `max`, for the message). */
export function answeredEndpoints(run: RunAnswers, max = 4): string[] {
  const mine = new Set(run.origins.map(originOf));
  const seen = [...new Set(run.answered.filter((a) => mine.has(a.origin)).map((a) => `${a.origin}${a.path}`))];
  return seen.length > max ? [...seen.slice(0, max), `and ${seen.length - max} more`] : seen;
}

/** The rule, as a table test reads it: kind of silence x what answered x reachability. */
export function blameNoAnswer(kind: NoAnswer, run: RunAnswers): Blame {
  const others = answeredEndpoints(run);
  if (others.length > 0) {
    return {
      status: 'fail',
      cause: 'target',
      because: `no answer (${kind}) while other endpoints of the same deployment answered in this run (${others.join(', ')}): the release's failure, not the gate's network`,
    };
  }
  if (run.reachable === false) {
    return {
      status: 'error',
      cause: 'gate',
      because: `no answer (${kind}), nothing of the target answered in this run and the gate's own reachability probe failed`,
      fix: `check this machine's network path to ${run.origins.join(' and ')} (DNS, VPN, firewall, proxy), then run the gate again`,
    };
  }
  return {
    status: 'error',
    cause: 'target',
    because: `no answer (${kind}) and nothing of the target answered in this run, though its host is reachable: the target is down or frozen`,
  };
}

/** The results whose "could not measure" was a silence, re-judged by the rule; others unchanged. */
export function corroborate(results: readonly CheckResult[], run: RunAnswers): CheckResult[] {
  return results.map((r) => {
    if (r.status !== 'error') return r;
    const kind = noAnswerKind(r.message);
    // A gate-caused error with its own fix (a rate limit, the browser) is not a silence of the target.
    if (!kind || (r.cause === 'gate' && r.fix)) return r;
    const blame = blameNoAnswer(kind, run);
    const message = `${blame.status === 'fail' ? r.message.replace(/^could not measure: /, '') : r.message} [${blame.because}]`;
    const { fix: _fix, ...rest } = r;
    return { ...rest, status: blame.status, cause: blame.cause, message, ...(blame.fix ? { fix: blame.fix } : {}) };
  });
}

/** Whether the reachability probe is worth running: some silence and nothing of the target answered. */
export function needsReachabilityProbe(results: readonly CheckResult[], run: Omit<RunAnswers, 'reachable'>): boolean {
  return answeredEndpoints(run).length === 0 && results.some((r) => r.status === 'error' && noAnswerKind(r.message) !== undefined);
}
