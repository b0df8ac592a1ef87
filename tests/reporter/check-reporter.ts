import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import type { Artifact } from '../../src/core/types.ts';
import { toCheckResult, type Attempt } from './to-check-result.ts';

/**
 * Turns Playwright results into CheckResults (one per check id annotation) and writes them to
 * `<runDir>/smoke-results.json` for `postflight verify`. Tests without a check id are ignored.
 */
export default class CheckReporter implements Reporter {
  private readonly attempts = new Map<string, Attempt[]>();
  private readonly runDir = process.env.POSTFLIGHT_RUN_DIR ?? '';

  onTestEnd(test: TestCase, result: TestResult): void {
    const id = test.annotations.find((a) => a.type === 'check')?.description;
    if (!id) return;
    const payload = result.attachments.find((a) => a.name === 'postflight-assertions')?.body;
    const recorded = payload ? (JSON.parse(payload.toString('utf8')) as Pick<Attempt, 'assertions' | 'notes' | 'waived'>) : { assertions: [], notes: [] };
    const evidence: Artifact[] = result.attachments
      .filter((a) => a.path)
      .map((a) => ({
        kind: a.contentType === 'image/png' ? 'screenshot' : a.name === 'trace' ? 'trace' : a.contentType === 'application/pdf' ? 'pdf' : 'text',
        path: this.runDir ? relative(this.runDir, a.path!) : a.path!,
        title: a.name,
      }));
    const list = this.attempts.get(id) ?? [];
    list.push({
      status: result.status,
      startTime: result.startTime,
      duration: result.duration,
      errors: result.errors.map((e) => e.message ?? e.value ?? String(e)),
      assertions: recorded.assertions,
      notes: recorded.notes,
      ...(recorded.waived?.length ? { waived: recorded.waived } : {}),
      evidence,
    });
    this.attempts.set(id, list);
  }

  onEnd(): void {
    if (!this.runDir) return;
    const results = [...this.attempts].map(([id, attempts]) => toCheckResult(id, attempts));
    writeFileSync(`${this.runDir}/smoke-results.json`, JSON.stringify(results, null, 2));
  }

  printsToStdio(): boolean {
    return false;
  }
}
