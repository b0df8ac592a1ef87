import { z } from 'zod';
import { errorLinesSchema } from './log-formats.ts';
import { thresholdsOverrideSchema } from './thresholds.ts';

/**
 * An environment says where a deployment lives and which environment variables hold its
 * secrets. It never holds a secret itself: a QA lead can commit or share one safely.
 * `--env staging` loads `config/environments/staging.ts`; `--env ./x.json` loads a file
 * that must match `environmentSchema`.
 */

const envVarName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name (A-Z, 0-9, _)');
/**
 * An environment never holds a secret, so `user:password@` in any URL is refused. The message
 * never repeats the URL: it would print the password.
 */
export function hasCredentials(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.username !== '' || url.password !== '';
  } catch {
    return false;
  }
}
const NO_CREDENTIALS =
  'holds credentials (user:password@): an environment file must not contain a secret; remove them from the URL and give the account through the secret variables (README "Secrets")';
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).refine((u) => !hasCredentials(u), NO_CREDENTIALS);

/**
 * The API base is an origin: every route in the app profile carries its full path
 * (`/api/v1/health`), and a path here would be dropped or doubled, silently. Refused instead.
 */
export function hasPath(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.pathname.replace(/\/+$/, '') !== '' || url.search !== '' || url.hash !== '';
  } catch {
    return false;
  }
}
const apiOrigin = httpUrl.refine(
  (u) => !hasPath(u),
  'must be an origin only (https://host[:port]): the routes of the app profile carry the full path (e.g. /api/v1/health); to change a path, override it in `routes`',
);

/** A served TLS endpoint: `https://host[:port]` only (the check handshakes with host and port; a path would be ignored). */
const httpsOrigin = z
  .url({ protocol: /^https$/, error: 'must be an https URL (https://host[:port]): only a TLS endpoint serves a certificate' })
  .refine((u) => !hasCredentials(u), NO_CREDENTIALS)
  .refine((u) => !hasPath(u), 'must be an origin only (https://host[:port]): the check reads the certificate the host and port serve');

/**
 * Which served certificates `*.pre.tls` inspects, and whom it trusts besides the system store.
 * Not in `thresholds`: those are the runbook's numbers only; this says where and how to look.
 */
export const tlsSchema = z.strictObject({
  /**
   * The public face when apiUrl/webUrl are internal http URLs (or behind a CDN hostname): these
   * certificates are checked instead of the https ones among apiUrl/webUrl (the default).
   */
  endpoints: z.array(httpsOrigin).min(1, 'list at least one https://host[:port], or leave `endpoints` out').optional(),
  /** A PEM bundle trusted in addition to the system store (a staging behind a private CA); must be readable (load.ts). */
  caFile: z.string().min(1).optional(),
});

export const mailSchema = z.discriminatedUnion('kind', [
  /** maildev: REST under `<url>/api` (the sandbox's catcher, and many staging setups). */
  z.strictObject({ kind: z.literal('maildev'), url: httpUrl }),
  /** mailpit: REST under `<url>/api/v1`. */
  z.strictObject({ kind: z.literal('mailpit'), url: httpUrl }),
  /** A real mailbox read over IMAP; user and password come from the named variables. */
  z.strictObject({
    kind: z.literal('imap'),
    host: z.string().min(1),
    port: z.number().int().positive().default(993),
    secure: z.boolean().default(true),
    userEnv: envVarName,
    passwordEnv: envVarName,
  }),
]);

/** AWS resource names of one app, as the runbook names them. */
export const appAwsSchema = z.strictObject({
  /** Region of this app's resources when it differs from `aws.region`. */
  region: z.string().optional(),
  cluster: z.string().min(1),
  backendService: z.string().min(1),
  frontendService: z.string().min(1),
  backendTaskFamily: z.string().min(1),
  frontendTaskFamily: z.string().min(1),
  dbInstance: z.string().min(1),
  /** Multi-AZ required by the runbook (Financial RISE). */
  multiAz: z.boolean().default(false),
  distributionId: z.string().optional(),
  logGroups: z.array(z.string().min(1)).default([]),
  /** Alarms that must exist (fr.pre.alarms-configured); others in ALARM still count. */
  alarmPrefix: z.string().default(''),
  targetGroupArns: z.array(z.string()).default([]),
  /** Load balancer name for ALB metrics (`app/<name>/<id>`). */
  loadBalancer: z.string().optional(),
  secrets: z.array(z.string().min(1)).default([]),
  certificateArn: z.string().optional(),
  cacheCluster: z.string().optional(),
  sesIdentity: z.string().optional(),
});

/**
 * A command the deploy runs at a runbook step (migrations, seed, build and push, cache flush):
 * configured per deployment, never hard-coded. `run` is argv (no shell); output is redacted and
 * kept in the deploy's run folder; past `timeoutMinutes` the process group is killed.
 */
export const deployCommandSchema = z.strictObject({
  run: z.array(z.string().min(1)).min(1),
  cwd: z.string().min(1).optional(),
  timeoutMinutes: z.number().positive().max(240).optional(),
});

export const appTargetSchema = z.strictObject({
  apiUrl: apiOrigin,
  webUrl: httpUrl,
  /** The release expected on the target (for the report and the migration check). */
  release: z.string().optional(),
  mail: mailSchema.optional(),
  /** Domain for unique smoke recipients: `pf-<run>-<n>@<domain>` (must reach `mail`). */
  mailDomain: z.string().default('postflight.test'),
  /** Variable holding a read-only database URL; the DB checks say so when it is unset. */
  databaseUrlEnv: envVarName.optional(),
  /** Names of the variables holding the smoke accounts' credentials. */
  secrets: z.record(z.string(), envVarName).default({}),
  /** Route overrides (keys of the app profile's `routes`). */
  routes: z.record(z.string(), z.string().startsWith('/')).default({}),
  /** Latest migration expected after the deploy (Financial RISE `migrations.name`). */
  expectedMigration: z.string().optional(),
  /** Every migration shipped with the release (FlowComply `_prisma_migrations`). */
  expectedMigrations: z.array(z.string().min(1)).optional(),
  /**
   * The release's migrations folder (TypeORM `src/migrations`, Prisma `prisma/migrations`):
   * the expected migration(s) are derived from it when expectedMigration(s) is not set.
   */
  migrationsDir: z.string().min(1).optional(),
  /** When the deploy being verified finished (ISO); logs and alarms are judged "since" it. */
  deployedAt: z.iso.datetime({ offset: true }).optional(),
  /** Status page that must read "All Systems Operational" (fr.mon.uptime). */
  statusPageUrl: httpUrl.optional(),
  /** The staging deployment this one was validated on (fr.pre.staging-go, fc.pre.staging-*). */
  staging: z
    .strictObject({
      /** Environment name whose run folders hold the staging gate's verdicts. */
      envName: z.string().min(1),
      /** Staging API base URL for the health probe (fc.pre.staging-health). */
      apiUrl: apiOrigin.optional(),
    })
    .optional(),
  /** The app's own log file, read for fr.smoke.logs-clean when there is no CloudWatch (the sandbox). */
  appLogFile: z.string().min(1).optional(),
  /**
   * How to read each line's time in appLogFile when it is not ISO-first, JSON or NestJS: a
   * regular expression whose first group captures the time (e.g. `^time=(\\S+)` for logfmt).
   */
  logFormat: z
    .string()
    .min(1)
    .refine((s) => {
      try {
        return new RegExp(s).source.length > 0;
      } catch {
        return false;
      }
    }, 'not a valid regular expression')
    .optional(),
  /** What an error line looks like in this deployment's logs (src/config/log-formats.ts); each field replaces the profile's. */
  errorLines: errorLinesSchema.optional(),
  /** Git repository (path or URL) where the release tag must exist. */
  releaseRepo: z
    .string()
    .min(1)
    .refine((u) => !hasCredentials(u), NO_CREDENTIALS)
    .optional(),
  aws: appAwsSchema.optional(),
  /** Where the TLS check looks (`endpoints`) and what it also trusts (`caFile`); thresholds stay in `thresholds`. */
  tls: tlsSchema.optional(),
  /** Overrides of the app profile's `thresholds` for this deployment (merged over the profile). */
  thresholds: thresholdsOverrideSchema.optional(),
  /** Commands of `postflight deploy` (a step whose command is not configured is left out of the plan, and the plan says so). */
  commands: z
    .strictObject({
      'build-push': deployCommandSchema.optional(),
      migrate: deployCommandSchema.optional(),
      seed: deployCommandSchema.optional(),
      'flush-cache': deployCommandSchema.optional(),
    })
    .optional(),
  /** Where load tests may run: never against production unless explicitly allowed. */
  allowLoad: z.boolean().default(false),
  /**
   * Deep partial of the app profile's contract (routes, pages, labels, exactLabels, fields,
   * responses, words, expected, healthyStatuses, mail, csrf). Checked strictly against the
   * profile in load.ts (src/config/contract.ts), where every unknown key is named with a suggestion.
   */
  contract: z.record(z.string(), z.unknown()).optional(),
  /** The release's schema: a Prisma schema, a SQL dump or a JSON `{ table: [columns] }`, for *.deploy.schema. */
  schemaFile: z.string().min(1).optional(),
  /**
   * The previous release's schema (same formats as schemaFile): what was there before the
   * deploy, so a schema failure can tell a dropped column (restore) from one never created (code).
   */
  previousSchemaFile: z.string().min(1).optional(),
  /**
   * What the gate cannot check on this deployment: `{ "<check-id>": reason }` or
   * `{ "<check-id>:<expectation>": reason }`. Ids are checked against the catalogue in load.ts;
   * a waived item is reported as "not verified by the gate", never as a pass.
   */
  waive: z.record(z.string(), z.string().trim().min(3, 'give the reason this is not verified')).default({}),
});

export const environmentSchema = z.strictObject({
  name: z.string().min(1),
  /** `local` targets the sandbox; `remote` a real deployment. */
  kind: z.enum(['local', 'remote']).default('remote'),
  apps: z.strictObject({ 'financial-rise': appTargetSchema.optional(), flowcomply: appTargetSchema.optional() }),
  aws: z.strictObject({ region: z.string().min(1), endpoint: httpUrl.optional() }).optional(),
  /** Retry policy: a check that passes only on retry is flaky; may flaky checks give GO? */
  retries: z.number().int().min(0).max(3).default(0),
  flakyBlocksGo: z.boolean().default(true),
  /** Overall time limit of a `verify` run in minutes (`--deadline` wins); unfinished checks become `error`. */
  deadlineMinutes: z
    .number()
    .positive()
    .max(24 * 60)
    .optional(),
});

export type Environment = z.infer<typeof environmentSchema>;
export type EnvironmentInput = z.input<typeof environmentSchema>;
export type AppTarget = z.infer<typeof appTargetSchema>;
export type AppAws = z.infer<typeof appAwsSchema>;
export type DeployCommand = z.infer<typeof deployCommandSchema>;
export type MailConfig = z.infer<typeof mailSchema>;
export type TlsConfig = z.infer<typeof tlsSchema>;

/** Typed helper for environment files written in TypeScript. */
export function defineEnvironment(env: EnvironmentInput): EnvironmentInput {
  return env;
}
