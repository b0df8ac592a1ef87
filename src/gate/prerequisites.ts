import type { GateConfig } from '../config/load.ts';
import type { Diagnostic } from '../config/diagnostics.ts';
import type { AppId, Phase } from '../core/types.ts';
import type { MailConfig } from '../config/environment.ts';

/**
 * What a run needs before its first check, decided from the config alone (pure), and the
 * judgement of what the probes found. Every problem becomes one diagnostic; the CLI lists them
 * all and exits 3 with nothing run. The hints always offer `--only` too: a user who cannot
 * provide a prerequisite on purpose deselects the phase instead of letting it fail.
 */

export type LoadEngineChoice = 'auto' | 'k6' | 'embedded';

export interface PrerequisitePlan {
  /** Phases that drive a browser (Playwright smoke suites, Lighthouse). */
  browserPhases: Phase[];
  /** k6 is demanded (`--load-engine k6`, or a profile that says k6) and load is selected. */
  k6: boolean;
  /** Inboxes the email checks read. */
  mail: { app: AppId; mail: MailConfig }[];
  /** Apps whose email checks have no inbox configured at all. */
  mailMissing: AppId[];
  /** AWS-backed phases of apps whose environment configures AWS. */
  aws: { app: AppId; region?: string; endpoint?: string; phases: Phase[] }[];
}

const BROWSER_PHASES: readonly Phase[] = ['smoke', 'perf'];
const AWS_PHASES: readonly Phase[] = ['pre', 'deploy', 'monitoring'];

export function planPrerequisites(config: Pick<GateConfig, 'apps' | 'phases' | 'env'>, loadEngine?: LoadEngineChoice): PrerequisitePlan {
  const phases = config.phases;
  const smoke = phases.includes('smoke');
  return {
    browserPhases: BROWSER_PHASES.filter((p) => phases.includes(p)),
    k6: phases.includes('load') && config.apps.some((a) => (loadEngine ?? a.profile.load.engine) === 'k6'),
    mail: smoke ? config.apps.flatMap((a) => (a.target.mail && needsMail(a.profile) ? [{ app: a.app, mail: a.target.mail }] : [])) : [],
    mailMissing: smoke ? config.apps.filter((a) => !a.target.mail && needsMail(a.profile)).map((a) => a.app) : [],
    aws: config.apps.flatMap((a) => {
      const used = AWS_PHASES.filter((p) => phases.includes(p));
      if (!a.target.aws || used.length === 0) return [];
      const region = a.target.aws.region ?? config.env.aws?.region;
      return [{ app: a.app, ...(region ? { region } : {}), ...(config.env.aws?.endpoint ? { endpoint: config.env.aws.endpoint } : {}), phases: used }];
    }),
  };
}

/** The email checks (Financial RISE registration and invitations) wait for mail. */
function needsMail(profile: { expected?: object }): boolean {
  return Boolean(profile.expected && 'emailWaitMs' in profile.expected);
}

export interface ProbeFacts {
  chromium?: { path?: string; looked: string };
  k6?: { path?: string; looked: string };
  mail: Partial<Record<AppId, { ok: boolean; detail: string }>>;
  aws: Partial<Record<AppId, { ok: boolean; kind?: string; detail: string }>>;
}

const deselect = (phases: readonly Phase[]) => `or leave ${phases.join(' and ')} out with --only if this run must do without it`;

export function judgePrerequisites(plan: PrerequisitePlan, facts: ProbeFacts): Diagnostic[] {
  const out: Diagnostic[] = [];
  const error = (where: string, message: string, hint: string) => out.push({ level: 'error', where, message, hint });
  if (plan.browserPhases.length > 0 && facts.chromium && !facts.chromium.path) {
    error(
      'Chromium',
      `no Chromium executable for ${plan.browserPhases.join(' and ')} (looked at ${facts.chromium.looked})`,
      `apt-get install chromium, or set CHROME_PATH=/path/to/chromium; ${deselect(plan.browserPhases)}`,
    );
  }
  if (plan.k6 && facts.k6 && !facts.k6.path) {
    error(
      'k6',
      `--load-engine k6 asks for k6, but none was found (looked at ${facts.k6.looked})`,
      'install k6 (https://grafana.com/docs/k6/latest/set-up/install-k6/) or set K6_BIN=/path/to/k6; or use --load-engine embedded (or auto), or leave load out with --only',
    );
  }
  for (const app of plan.mailMissing) {
    error(
      `apps.${app}.mail`,
      'no inbox configured: the email checks (registration, invitations) cannot read the mail the app sends',
      `set apps.${app}.mail in the environment (maildev, mailpit or imap); ${deselect(['smoke'])}`,
    );
  }
  for (const { app, mail } of plan.mail) {
    const found = facts.mail[app];
    if (found && !found.ok)
      error(
        `apps.${app}.mail`,
        `the ${mail.kind} inbox ${/answered HTTP 5\d\d/.test(found.detail) ? 'answers errors instead of mail' : 'does not answer'}: ${found.detail}`,
        `check that the inbox is up and reachable from this machine; ${deselect(['smoke'])}`,
      );
  }
  for (const { app, region, phases } of plan.aws) {
    if (!region) {
      error(
        `apps.${app}.aws.region`,
        `no AWS region for ${app} (needed by ${phases.join(', ')})`,
        `set aws.region (or apps.${app}.aws.region) in the environment; ${deselect(phases)}`,
      );
      continue;
    }
    const found = facts.aws[app];
    if (found && !found.ok) {
      const fix =
        found.kind === 'credentials'
          ? 'give the gate AWS credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or a role) with read access to CloudWatch'
          : 'check the network path to AWS (or the endpoint in aws.endpoint) from this machine';
      error(`AWS (${app}, ${region})`, `the AWS access check failed: ${found.detail}`, `${fix}; ${deselect(phases)}`);
    }
  }
  return out;
}
