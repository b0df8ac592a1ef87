import { assertThat } from '../../core/assertions.ts';
import type { AlarmKey, AlarmThreshold } from '../../config/thresholds.ts';
import type { AlarmInfo } from '../../aws/alarms.ts';
import { listOf } from './finding.ts';
import type { Finding } from '../../core/finding.ts';

/** One alarm the runbook requires: how to recognise it, and the threshold/window it must not exceed. */
export interface AlarmSpec extends AlarmThreshold {
  matches: (a: AlarmInfo) => boolean;
}

/** How each required alarm is recognised among the account's alarms; its limits are profile data. */
const MATCHERS: Record<AlarmKey, (a: AlarmInfo) => boolean> = {
  '5xx': (a) => /5XX/i.test(a.metric ?? ''),
  'response-time': (a) => a.metric === 'TargetResponseTime',
  'db-cpu': (a) => a.namespace === 'AWS/RDS' && a.metric === 'CPUUtilization',
  memory: (a) => a.metric === 'MemoryUtilization',
};

/** The profile's `thresholds.alarms` (Financial RISE "Critical Alarms"; FlowComply names none) with their matchers. */
export function alarmSpecs(thresholds: readonly AlarmThreshold[]): AlarmSpec[] {
  return thresholds.map((t) => ({ ...t, matches: MATCHERS[t.key] }));
}

const UPWARD = new Set(['GreaterThanThreshold', 'GreaterThanOrEqualToThreshold']);

/** Why an alarm is weaker than its spec (empty = at least as strict). */
export function weaknesses(a: AlarmInfo, spec: AlarmSpec): string[] {
  const out: string[] = [];
  if (!a.comparison || !UPWARD.has(a.comparison)) out.push(`comparison ${a.comparison ?? 'none'} (expected GreaterThanThreshold)`);
  if (a.threshold === undefined || a.threshold > spec.threshold) {
    const hint = spec.key === 'response-time' && (a.threshold ?? 0) >= 100 ? ' (TargetResponseTime is in seconds: 1000 ms = 1)' : '';
    out.push(`threshold ${a.threshold ?? 'none'}${spec.unit} > runbook ${spec.threshold}${spec.unit}${hint}`);
  }
  const window = (a.periodS ?? 0) * (a.datapointsToAlarm ?? a.evaluationPeriods ?? 0);
  if (!window || window > spec.windowS) out.push(`window ${window / 60} min > runbook ${spec.windowS / 60} min`);
  return out;
}

/** fr.pre.alarms-configured: each runbook alarm exists and is not weaker than the runbook. */
export function evaluateAlarmsConfigured(alarms: readonly AlarmInfo[], specs: readonly AlarmSpec[]): Finding {
  const assertions = specs.map((spec) => {
    const candidates = alarms.filter(spec.matches);
    if (!candidates.length) return { ...assertThat(spec.label, 'missing', '==', 'configured'), message: `${spec.label}: no alarm on this metric` };
    const good = candidates.find((a) => weaknesses(a, spec).length === 0);
    if (good)
      return {
        ...assertThat(spec.label, good.name, 'truthy', true),
        message: `${spec.label}: ${good.name} (threshold ${good.threshold}${spec.unit}, ${((good.periodS ?? 0) * (good.datapointsToAlarm ?? good.evaluationPeriods ?? 0)) / 60} min)`,
      };
    const first = candidates[0];
    return {
      ...assertThat(spec.label, `${first.name}: ${weaknesses(first, spec).join('; ')}`, '==', 'as strict as the runbook'),
      message: `${spec.label}: ${first.name} is weaker — ${weaknesses(first, spec).join('; ')}`,
    };
  });
  const bad = assertions.filter((a) => !a.passed);
  const message = bad.length
    ? `${bad.length} of ${specs.length} runbook alarms missing or weaker: ${bad.map((a) => a.message).join(' | ')} — create or tighten them (Monitoring & Alerts)`
    : `All ${specs.length} runbook alarms configured: ${assertions.map((a) => a.actual).join(', ')}`;
  return { message, assertions, metrics: { alarms: alarms.length } };
}

export interface AlarmStateRules {
  /** Runbook alarms: INSUFFICIENT_DATA on one of these makes the check inconclusive. */
  required: readonly AlarmSpec[];
  /** When the deploy finished; an alarm in ALARM since before it is "already firing". */
  deployedAt: Date;
  /** `count`: alarms firing before the deploy fail like any other; `flag`: they make it inconclusive. */
  alarmsBeforeDeploy: 'count' | 'flag';
  /** What was described, for the message ("prefix financial-rise-"). */
  scope: string;
}

function describeFiring(a: AlarmInfo, deployedAt: Date): string {
  const notes: string[] = [];
  if (a.stateReason) notes.push(a.stateReason.slice(0, 120));
  if (a.stateSince && a.stateSince < deployedAt) notes.push(`already in ALARM before the deploy, since ${a.stateSince.toISOString()}`);
  return notes.length ? `${a.name} (${notes.join('; ')})` : a.name;
}

/** fr.mon.alarms / fc.mon.alarms: no alarm in ALARM; INSUFFICIENT_DATA reported, inconclusive on runbook alarms. */
export function evaluateAlarmStates(alarms: readonly AlarmInfo[], rules: AlarmStateRules): Finding {
  if (!alarms.length) {
    return {
      status: 'inconclusive',
      message: `No CloudWatch alarms found (${rules.scope}): nothing tells whether the app is healthy — configure the alarms or fix \`aws.alarmPrefix\``,
      assertions: [],
      metrics: { alarms: 0 },
    };
  }
  const firing = alarms.filter((a) => a.state === 'ALARM');
  const before = firing.filter((a) => a.stateSince && a.stateSince < rules.deployedAt);
  const counted = rules.alarmsBeforeDeploy === 'flag' ? firing.filter((a) => !before.includes(a)) : firing;
  const insufficient = alarms.filter((a) => a.state === 'INSUFFICIENT_DATA');
  const requiredInsufficient = insufficient.filter((a) => rules.required.some((s) => s.matches(a)));
  const assertions = [
    assertThat(
      'alarms in ALARM',
      counted.map((a) => a.name),
      '==',
      [],
    ),
  ];
  const parts: string[] = [];
  if (firing.length) parts.push(`${firing.length} alarm(s) in ALARM: ${firing.map((a) => describeFiring(a, rules.deployedAt)).join('; ')}`);
  if (insufficient.length)
    parts.push(
      `INSUFFICIENT_DATA: ${listOf(insufficient.map((a) => a.name))}${requiredInsufficient.length ? ' (runbook alarms without data cannot vouch for health)' : ''}`,
    );
  const flaggedOnly = rules.alarmsBeforeDeploy === 'flag' && before.length > 0 && counted.length === 0;
  const status = requiredInsufficient.length || flaggedOnly ? 'inconclusive' : undefined;
  const next = counted.length
    ? ' — investigate each firing alarm; the runbook treats this as NO-GO'
    : status
      ? ' — check why these alarms have no data (or were firing before the deploy) before deciding'
      : '';
  const message = parts.length ? `${parts.join('. ')}${next}` : `No alarm in ALARM among ${alarms.length} (${rules.scope})`;
  return {
    ...(status ? { status } : {}),
    message,
    assertions,
    metrics: { alarms: alarms.length, inAlarm: firing.length, insufficientData: insufficient.length, firingBeforeDeploy: before.length },
  };
}
