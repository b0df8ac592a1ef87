/**
 * The deploy time the gate judges logs and alarms since (`--deployed-at`, or the environment's
 * `deployedAt`) is input the gate was given, not a measurement: a time in the future cannot be
 * right (no log line is "since" it, so every log check would pass on nothing). Refused with the
 * other input problems (exit 3). A little clock skew between machines is allowed.
 */
export const DEPLOY_TIME_SKEW_MS = 2 * 60_000;

/** Pure: what is wrong with a given deploy time, or undefined when it is usable. */
export function deployTimeProblem(raw: string, now: Date): { message: string; hint: string } | undefined {
  const at = new Date(raw);
  if (Number.isNaN(at.getTime())) return { message: `"${raw}" is not a date`, hint: 'use ISO 8601, e.g. 2026-11-25T02:30:00Z' };
  const ahead = at.getTime() - now.getTime();
  if (ahead > DEPLOY_TIME_SKEW_MS) {
    return {
      message: `"${raw}" is in the future (${Math.round(ahead / 60_000)} min after this machine's clock, ${now.toISOString()})`,
      hint: "give the time the deploy finished (ISO 8601 with its offset, e.g. 2026-11-25T02:30:00Z); if it is right, this machine's clock is wrong",
    };
  }
  return undefined;
}
