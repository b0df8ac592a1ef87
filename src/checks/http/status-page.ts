import { assertThat } from '../../core/assertions.ts';
import type { CheckResult } from '../../core/types.ts';
import type { GateContext } from '../context.ts';
import { checkResult } from '../result.ts';

const OPERATIONAL = 'All Systems Operational';

/**
 * Runbook "Verify status page shows All Systems Operational" (fr.mon.uptime). Without a
 * configured page it is inconclusive: a person must look, the gate cannot say it did.
 */
export async function statusPageCheck(ctx: GateContext, id: string): Promise<CheckResult> {
  const startedAt = ctx.now();
  const url = ctx.target.statusPageUrl;
  const done = (found: Omit<Parameters<typeof checkResult>[1], 'durationMs'>) =>
    checkResult(id, { ...found, durationMs: ctx.now().getTime() - startedAt.getTime() });
  if (!url) {
    return done({
      status: 'inconclusive',
      message: `no status page configured: set apps.${ctx.app}.statusPageUrl, or check the uptime monitor by hand ("${OPERATIONAL}")`,
      startedAt,
    });
  }
  try {
    // The run's deadline stops the request too (else the gate waits out the 10 s after it).
    const res = await fetch(url, { signal: ctx.signal ? AbortSignal.any([AbortSignal.timeout(10_000), ctx.signal]) : AbortSignal.timeout(10_000) });
    const text = await res.text();
    const headline = text.includes(OPERATIONAL) ? OPERATIONAL : (/<h1[^>]*>([^<]*)</i.exec(text)?.[1] ?? text.slice(0, 80)).trim();
    return done({
      message: `status page ${url} answered ${res.status}: "${headline}"`,
      assertions: [assertThat('status page answers 200', res.status, '==', 200), assertThat(`status page says "${OPERATIONAL}"`, headline, '==', OPERATIONAL)],
      startedAt,
    });
  } catch (err) {
    return done({
      status: 'error',
      message: `could not read the status page ${url}: ${(err as Error).message} — check the URL and that the gate can reach it`,
      startedAt,
    });
  }
}
