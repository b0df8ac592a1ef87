import type { AppId } from '../../core/types.ts';
import { deployCommand } from '../deploy-command.ts';
import { pastDeploys } from '../../orchestrator/history.ts';
import { join } from 'node:path';
import { renderTimeline, story, timelineLines } from '../../orchestrator/report.ts';
import { timeline } from '../../orchestrator/timeline.ts';
import { DEPLOY_BUDGET_MIN } from '../../orchestrator/deploy-phases.ts';
import { budgetsFor } from '../../orchestrator/report.ts';
import { APP_PROFILES } from '../../../config/apps/index.ts';
import type { CliIO } from '../io.ts';

/**
 * One act of the demo: `postflight deploy` of a release on the sandbox, through the real
 * command, and what the act expected (exit code and the story its journal tells). Faulty
 * releases are chosen for faults the smoke phase detects at once (a corrupt PDF, a 500 on
 * /auth/me), so their gate is smoke + db (+ monitoring), as the runbook's "smoke again".
 */

export interface Act {
  app: AppId;
  release: string;
  title: string;
  expect: { exit: number; story: string };
  flags: string[];
}

export interface ActResult {
  act: Act;
  exit: number;
  story: string;
  seconds: number;
  dir?: string;
  report?: string;
  ok: boolean;
  timeline: string[];
}

export const FAULTY: Record<AppId, { release: string; fault: string; procedure: string }> = {
  'financial-rise': { release: '1.0.1', fault: 'fr:report-corrupt-pdf (downloaded reports are not PDFs)', procedure: 'A' },
  flowcomply: { release: '1.0.1', fault: 'fc:me-500 (GET /api/v1/auth/me answers 500)', procedure: 'option-1' },
};

export function actsFor(app: AppId, quick: string[], aws: boolean): Act[] {
  const f = FAULTY[app];
  const smokePhases = ['smoke', 'db', ...(aws ? ['monitoring'] : [])].join(',');
  return [
    { app, release: '1.0.0', title: `deploy healthy 1.0.0, full gate`, expect: { exit: 0, story: 'deploy -> GO' }, flags: quick },
    {
      app,
      release: f.release,
      title: `deploy faulty ${f.release}: ${f.fault}, --auto-rollback`,
      expect: { exit: 1, story: `deploy -> NO-GO -> rollback:${f.procedure} -> GO` },
      flags: ['--auto-rollback', '--only', smokePhases],
    },
  ];
}

export async function runAct(act: Act, io: CliIO, outRoot: string, prefix: string): Promise<ActResult> {
  const started = performance.now();
  const quiet: CliIO = {
    ...io,
    env: { ...io.env, CI: '1' },
    out: (t) =>
      io.out(
        t
          .split('\n')
          .map((l) => `${prefix} ${l}`)
          .join('\n'),
      ),
    err: (t) =>
      io.err(
        t
          .split('\n')
          .map((l) => `${prefix} ${l}`)
          .join('\n'),
      ),
  };
  const exit = await deployCommand(['--app', act.app, '--env', 'local', '--release', act.release, '--out', outRoot, ...act.flags], quiet);
  const seconds = (performance.now() - started) / 1000;
  const last = pastDeploys(outRoot, act.app, 'local')[0];
  const s = last ? story(last.replayed) : 'no deploy folder';
  const t = last ? timeline(last.replayed, budgetsFor(act.app, APP_PROFILES[act.app].rollback.procedures), DEPLOY_BUDGET_MIN[act.app]) : undefined;
  const report = last ? join(last.dir, 'deploy-report.md') : undefined;
  return {
    act,
    exit,
    story: s,
    seconds,
    ...(last ? { dir: last.dir } : {}),
    ...(report ? { report } : {}),
    ok: exit === act.expect.exit && s === act.expect.story,
    timeline: t && last ? renderTimeline(t, timelineLines(t, last.replayed, act.app)) : [],
  };
}
