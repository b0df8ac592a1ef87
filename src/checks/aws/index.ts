/** The AWS checks: phase runners (I/O) and the pure rules they apply. */
export { runMonitoringChecks } from './monitoring.ts';
export { runPreflightChecks } from './preflight.ts';
export { runDeployStateChecks } from './deploy-state.ts';
export type { AwsCheckOptions } from './options.ts';
export { alarmSpecs, evaluateAlarmStates, evaluateAlarmsConfigured } from './alarm-rules.ts';
export { LOG_RULES, evaluateErrorLines, evaluateLogGroups, evaluateLogsArriving, evaluateStartupLogs } from './log-rules.ts';
export { evaluateAlbP95, evaluateEcsUtil, evaluateRdsConnections, evaluateRedisHitRate } from './metric-rules.ts';
export { evaluateInfra, evaluateSecrets, evaluateSes } from './infra-rules.ts';
export { evaluateDns, evaluateReleaseTag, evaluateTls } from './net-rules.ts';
export { evaluateServiceStable, evaluateTasks } from './ecs-rules.ts';
