/**
 * Which environment settings each check needs (paths under `apps.<app>` of the environment),
 * as data: the gate reads it to say by name what a run could not do (src/gate/setting-gaps.ts),
 * and `postflight doctor --env` to list every setting an environment lacks with the checks it
 * disables. One table, not an `if` in each check.
 *
 * `not-run`: without the setting the check cannot measure at all; the gate does not run it and
 * reports it `skipped`, naming the setting (a critical one keeps the run from GO: the silent-skip
 * rule, src/verdict/silent-skips.ts). `partial`: the check runs but does not verify `what`; its
 * message says so and names the setting. `anyOf`: any one of the paths satisfies the need.
 */

export type NeedEffect = 'not-run' | 'partial';

export interface SettingNeed {
  anyOf: readonly string[];
  effect: NeedEffect;
  /** What goes unverified without it, for the message. */
  what: string;
}

const LOAD_BALANCER: SettingNeed = {
  anyOf: ['aws.loadBalancer'],
  effect: 'not-run',
  what: "the load balancer's CloudWatch metrics (app/<name>/<id>)",
};
const TARGET_GROUPS: SettingNeed = { anyOf: ['aws.targetGroupArns'], effect: 'partial', what: 'target group health (healthy targets behind the ALB)' };
const CERTIFICATE: SettingNeed = {
  anyOf: ['aws.certificateArn'],
  effect: 'partial',
  what: 'the ACM certificate (issued, validated, expiry); the served certificate is still checked',
};

export const CHECK_NEEDS: Readonly<Record<string, readonly SettingNeed[]>> = {
  'fr.pre.infra': [TARGET_GROUPS, { anyOf: ['aws.distributionId'], effect: 'partial', what: 'the CloudFront distribution (deployed, enabled)' }],
  'fr.pre.tls': [CERTIFICATE],
  'fr.deploy.migrations': [
    { anyOf: ['expectedMigration', 'migrationsDir'], effect: 'partial', what: "that the release's latest migration is the one applied" },
  ],
  'fr.mon.uptime': [{ anyOf: ['statusPageUrl'], effect: 'not-run', what: 'the status page ("All Systems Operational")' }],
  'fr.mon.error-rate': [LOAD_BALANCER],
  'fr.mon.slowdown': [LOAD_BALANCER],
  'fc.pre.infra': [TARGET_GROUPS],
  'fc.pre.tls': [CERTIFICATE],
  'fc.pre.ses': [{ anyOf: ['aws.sesIdentity'], effect: 'not-run', what: 'the SES sender identity (verified, DKIM)' }],
  'fc.deploy.migrations': [
    {
      anyOf: ['expectedMigrations', 'expectedMigration', 'migrationsDir'],
      effect: 'partial',
      what: 'that every migration shipped with the release is applied (only failed or rolled-back ones are found)',
    },
  ],
  'fc.mon.alb-p95': [LOAD_BALANCER],
  'fc.mon.error-rate': [LOAD_BALANCER],
  'fc.mon.redis-hit-rate': [{ anyOf: ['aws.cacheCluster'], effect: 'not-run', what: 'the ElastiCache hit rate (CacheClusterId)' }],
};
