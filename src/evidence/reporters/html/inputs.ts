import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { gateHistory } from '../../../orchestrator/history.ts';
import { rollbackTarget } from '../../../orchestrator/rollback-target.ts';
import { rollbackCommand } from '../../../orchestrator/rollback-command.ts';
import { APP_PROFILES } from '../../../../config/apps/index.ts';
import { readCurrentState, readSignOffs } from '../../current-state.ts';
import type { RunReport } from '../report-doc.ts';
import type { EvidenceAssets } from './evidence-section.ts';
import type { PageInputs } from './page.ts';
import type { RollbackFacts } from './rollback-block.ts';

/**
 * The fs edge of index.html: what the page shows besides verdict.json, read from the run
 * folder (current state, sign-offs, the failing checks' screenshots and text excerpts) and
 * from its neighbours (the last GO release on this environment: the rollback target).
 */

const MAX_IMAGE_BYTES = 600_000;
const MAX_IMAGES = 8;
const EXCERPT_CHARS = 1500;

/** A path inside the run folder, or undefined (absolute, `..`, missing). */
function inside(dir: string, rel: string): string | undefined {
  const abs = resolve(dir, rel);
  if (!abs.startsWith(resolve(dir) + sep) || !existsSync(abs)) return undefined;
  return abs;
}

export function readAssets(dir: string, report: RunReport): EvidenceAssets {
  const assets: EvidenceAssets = { images: {}, excerpts: {} };
  const failing = report.checks.filter((c) => c.status === 'fail' || c.status === 'error' || c.status === 'inconclusive');
  for (const a of failing.flatMap((c) => c.evidence)) {
    const abs = inside(dir, a.path);
    if (!abs) continue;
    if (a.kind === 'screenshot' && /\.(png|jpe?g)$/i.test(a.path) && Object.keys(assets.images).length < MAX_IMAGES && statSync(abs).size <= MAX_IMAGE_BYTES) {
      assets.images[a.path] = `data:image/${/\.png$/i.test(a.path) ? 'png' : 'jpeg'};base64,${readFileSync(abs).toString('base64')}`;
    } else if ((a.kind === 'json' || a.kind === 'log' || a.kind === 'text') && !a.path.endsWith('error-context.md')) {
      const text = readFileSync(abs, 'utf8');
      assets.excerpts[a.path] =
        text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}\n… (${text.length - EXCERPT_CHARS} more characters in the file)` : text;
    }
  }
  return assets;
}

/** The target and command a rollback of this run would use, from the run folders beside it. */
export function rollbackFacts(dir: string, report: RunReport): RollbackFacts {
  const r = report.rollback;
  if (r.recommendation === 'none' || !r.procedure) return {};
  const proc = APP_PROFILES[report.run.app]?.rollback.procedures.find((p) => p.id === r.procedure);
  // <root>/<app>/<env>/<run>: the history of this app and environment is two levels up.
  const root = resolve(dir, '..', '..', '..');
  const to = rollbackTarget({
    app: report.run.app,
    env: report.run.env,
    failing: report.run.release ?? '',
    history: gateHistory(root, report.run.app, report.run.env),
  });
  const target = to.kind === 'release' ? `release ${to.release} (${to.reason})` : to.reason;
  const command = rollbackCommand({ app: report.run.app, envArg: report.run.env, production: report.run.env === 'production' }, r.procedure, {
    destructive: proc?.destructive ?? false,
    ...(to.kind === 'release' ? { to: to.release } : {}),
  });
  return { target, command };
}

export function readPageInputs(dir: string, report: RunReport): PageInputs {
  const current = readCurrentState(dir);
  return {
    ...(current ? { current } : {}),
    signOffs: readSignOffs(dir),
    assets: readAssets(dir, report),
    rollback: rollbackFacts(dir, report),
  };
}

/** Reads verdict.json back (the whole RunReport) to render the page again later. */
export function readRunReport(dir: string): RunReport {
  return JSON.parse(readFileSync(join(dir, 'verdict.json'), 'utf8')) as RunReport;
}
