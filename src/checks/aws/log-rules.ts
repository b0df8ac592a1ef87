import { assertThat } from '../../core/assertions.ts';
import type { Assertion } from '../../core/types.ts';
import type { LogEventInfo, LogGroupInfo } from '../../aws/logs.ts';
import { listOf } from './finding.ts';
import type { Finding } from '../../core/finding.ts';
import { isErrorLine, type ErrorLineTest } from '../logs/error-lines.ts';
import { provokedBy, type ProbeWindow } from '../logs/probe-windows.ts';

/**
 * What an error line looks like. The numeric log policy (retention days, freshness) is the app
 * profile's `thresholds.logs`, passed by the caller.
 */
export const LOG_RULES = {
  /** A line is an error line when it has this word (CloudWatch term `ERROR`, re-checked here). */
  errorLine: /\bERROR\b/,
} as const;

function groupAssertions(groups: readonly LogGroupInfo[], retentionDays: number): Assertion[] {
  return groups.flatMap((g) =>
    g.exists
      ? [
          g.retentionDays === undefined
            ? // "Never expire" keeps more than the runbook asks for.
              {
                name: `${g.name} retention`,
                expected: retentionDays,
                actual: 'never expire',
                operator: '>=' as const,
                passed: true,
                message: `${g.name} retention: never expire meets >= ${retentionDays} days`,
              }
            : assertThat(`${g.name} retention`, g.retentionDays, '>=', retentionDays, { unit: ' days' }),
        ]
      : [{ ...assertThat(`${g.name} exists`, false, 'truthy', true), message: `${g.name}: log group missing` }],
  );
}

function groupProblems(assertions: readonly Assertion[]): string[] {
  return assertions.filter((a) => !a.passed).map((a) => a.message);
}

/** fr.pre.log-groups: every group exists with retention >= 30 days. */
export function evaluateLogGroups(groups: readonly LogGroupInfo[], retentionDays: number): Finding {
  if (!groups.length) return { status: 'error', message: 'No log groups configured — list them in `aws.logGroups`', assertions: [] };
  const assertions = groupAssertions(groups, retentionDays);
  const bad = groupProblems(assertions);
  return {
    message: bad.length
      ? `${bad.join('; ')} — create the group or run \`aws logs put-retention-policy --retention-in-days ${retentionDays}\``
      : `${groups.length} log group(s) exist with retention >= ${retentionDays} days: ${groups.map((g) => `${g.name} (${g.retentionDays ?? 'never expire'})`).join(', ')}`,
    assertions,
  };
}

/** fr.mon.logs: groups exist, retention 30 days, and each has an event in the last N minutes (`latest`: any event found in that window). */
export function evaluateLogsArriving(
  groups: readonly LogGroupInfo[],
  latest: ReadonlyMap<string, Date | undefined>,
  rules: { retentionDays: number; freshMinutes: number; now: Date },
): Finding {
  const fresh = rules.freshMinutes;
  const base = evaluateLogGroups(groups, rules.retentionDays);
  if (base.status === 'error') return base;
  const arriving = groups
    .filter((g) => g.exists)
    .map((g) => {
      const at = latest.get(g.name);
      const ageMin = at ? Math.round((rules.now.getTime() - at.getTime()) / 60000) : undefined;
      return {
        ...assertThat(`${g.name} recent event age`, ageMin, '<=', fresh, { unit: ' min' }),
        ...(at ? {} : { message: `${g.name}: no event in the last ${fresh} min` }),
      };
    });
  const assertions = [...base.assertions, ...arriving];
  const bad = groupProblems(assertions);
  return {
    message: bad.length
      ? `${bad.join('; ')} — check that the services ship logs (awslogs driver) and the retention policy`
      : `Logs arriving in ${groups.length} group(s) (newest within ${fresh} min), retention >= ${rules.retentionDays} days`,
    assertions,
  };
}

/**
 * Error lines of each group in a window: fr.smoke.logs-clean, fc.mon.log-errors. `isError`
 * is the app's error-line rule (src/checks/logs/error-lines.ts): the fetch only narrows.
 */
export function evaluateErrorLines(
  hits: ReadonlyMap<string, readonly LogEventInfo[]>,
  window: { since: Date; label: string },
  isError: ErrorLineTest = isErrorLine,
  probes: readonly ProbeWindow[] = [],
): Finding {
  const all = [...hits.entries()].flatMap(([group, events]) =>
    events.filter((e) => isError(e.message)).map((e) => ({ group, ...e, probe: provokedBy(e.at, probes) })),
  );
  // Lines the gate's own deliberate probes provoked are listed, not counted (probe-windows.ts).
  const errors = all.filter((e) => !e.probe);
  const provoked = all.filter((e) => e.probe);
  const provokedNote = provoked.length
    ? `; ${provoked.length} ERROR line(s) not counted, provoked by the gate's probes (matched by time window): ${provoked
        .slice(0, 3)
        .map((e) => `provoked by probe ${e.probe!.probe}: ${e.message.trim().slice(0, 120)}`)
        .join(' | ')}`
    : '';
  const assertions = [...hits.keys()].map((group) =>
    assertThat(`ERROR lines in ${group} ${window.label}`, errors.filter((e) => e.group === group).length, '==', 0),
  );
  const sample = errors.slice(0, 3).map((e) => `${e.group} ${e.at.toISOString()}: ${e.message.trim().slice(0, 160)}`);
  return {
    message:
      (errors.length
        ? `${errors.length}${errors.length >= 20 ? '+' : ''} ERROR line(s) ${window.label}: ${sample.join(' | ')} — read the logs around these lines before deciding`
        : `No ERROR lines ${window.label} in ${listOf([...hits.keys()])}`) + provokedNote,
    assertions,
    metrics: { errorLines: errors.length, since: window.since.toISOString(), ...(provoked.length ? { provokedByProbes: provoked.length } : {}) },
  };
}

export interface StartupEvidence {
  group: string;
  serverStarted: readonly LogEventInfo[];
  databaseConnected: readonly LogEventInfo[];
  errors: readonly LogEventInfo[];
  serverStartedPhrase: string;
}

/** fr.deploy.backend-logs: "Server started on port 3000", database connected, no errors. */
export function evaluateStartupLogs(e: StartupEvidence, isError: ErrorLineTest = isErrorLine): Finding {
  const errorLines = e.errors.filter((x) => isError(x.message));
  const assertions = [
    assertThat(`"${e.serverStartedPhrase}" lines`, e.serverStarted.length, '>=', 1),
    assertThat('database connected lines', e.databaseConnected.length, '>=', 1),
    assertThat('ERROR lines since the deploy', errorLines.length, '==', 0),
  ];
  const problems: string[] = [];
  if (!e.serverStarted.length) problems.push(`no "${e.serverStartedPhrase}" line`);
  if (!e.databaseConnected.length) problems.push('no database-connected line');
  if (errorLines.length) problems.push(`${errorLines.length} ERROR line(s), first: ${errorLines[0].message.trim().slice(0, 160)}`);
  return {
    message: problems.length
      ? `${e.group}: ${problems.join('; ')} — the backend may not have started cleanly (runbook Phase 2.5)`
      : `${e.group}: server started (${e.serverStarted[0].at.toISOString()}), database connected, no ERROR lines`,
    assertions,
  };
}
