import { existsSync, readFileSync } from 'node:fs';
import { extname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { APP_PROFILES, type AppProfile } from '../../config/apps/index.ts';
import { PROJECT_ROOT } from '../host/project-root.ts';
import { APP_IDS, PHASES, type AppId, type Phase } from '../core/types.ts';
import type { Diagnostics } from './diagnostics.ts';
import { environmentSchema, type AppTarget, type Environment } from './environment.ts';
import { SECRET_DEFAULTS } from './secrets.ts';
import { isPasswordRole, refuseShortPassword } from './secret-strength.ts';
import { withThresholds } from './thresholds.ts';
import { loadRefusal } from './load-allowed.ts';
import { resolveRunSettings, type RunFlags, type RunSettings } from './run-settings.ts';
import { applyContract, checkContract } from './contract.ts';
import { checkWaivers } from './waive-check.ts';
import { didYouMean } from './suggest.ts';
import { keysAt } from './zod-keys.ts';

export interface ResolvedApp {
  app: AppId;
  profile: AppProfile;
  target: AppTarget;
  secrets: Record<string, string>;
  databaseUrl?: string;
}

export interface GateConfig {
  env: Environment;
  apps: ResolvedApp[];
  phases: Phase[];
  /** Every secret value, for redaction. */
  secretValues: string[];
  /** Environment with the local sandbox's variables folded in (env vars win). */
  processEnv: NodeJS.ProcessEnv;
  /** The size of this run's measurements: flags, then the documented variables (run-settings.ts). */
  settings: RunSettings;
}

/**
 * How `--env local` is read: the running sandbox's environment and its generated secrets (as
 * the variables a real deployment uses), or undefined when no sandbox is ready. The caller
 * passes it in (`readLocalEnvironment` of src/platforms/local): config is pure and never
 * imports a platform.
 */
export type LocalEnvironmentSource = (processEnv: NodeJS.ProcessEnv) => Promise<{ input: unknown; secretEnv: Record<string, string> } | undefined>;

const NAMED_ENVS = ['local', 'staging', 'production'];
/** Which secret roles each phase needs. */
const PHASE_SECRETS: Partial<Record<Phase, string[]>> = {
  smoke: ['smokeEmail', 'smokePassword', 'adminEmail', 'adminPassword', 'throwawayEmail', 'throwawayPassword'],
  perf: ['smokeEmail', 'smokePassword'],
  load: ['smokeEmail', 'smokePassword'],
};

export function parseApps(raw: string | undefined, diags: Diagnostics): AppId[] {
  if (!raw) return (diags.error('--app', 'missing', `use --app ${APP_IDS.join('|')}|all`), []);
  if (raw === 'all') return [...APP_IDS];
  const apps: AppId[] = [];
  for (const name of raw.split(',').map((s) => s.trim())) {
    if (APP_IDS.includes(name as AppId)) apps.push(name as AppId);
    else diags.error('--app', `unknown app "${name}"`, `use ${APP_IDS.join(', ')} or all`);
  }
  return apps;
}

/**
 * `raw` undefined = no `--only` = the default phases. An `--only` that names nothing
 * (`--only ""`, an empty CI variable) is an error: silently running the defaults would load
 * a target the user meant to leave alone.
 */
export function parsePhases(raw: string[] | undefined, diags: Diagnostics): Phase[] {
  if (raw === undefined) return PHASES.filter((p) => p !== 'pre' && p !== 'deploy');
  if (raw.length === 0) {
    diags.error(
      '--only',
      'is empty (an unset CI variable?): no phase selected',
      `name the phases, e.g. --only smoke,db, or leave --only out for the default (${PHASES.filter((p) => p !== 'pre' && p !== 'deploy').join(',')})`,
    );
    return [];
  }
  const phases: Phase[] = [];
  for (const p of raw) {
    if (PHASES.includes(p as Phase)) phases.push(p as Phase);
    else diags.error('--only', `unknown phase "${p}"`, `use any of ${PHASES.join(', ')}`);
  }
  return PHASES.filter((p) => phases.includes(p));
}

async function loadEnvironmentInput(
  name: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  local: LocalEnvironmentSource | undefined,
  diags: Diagnostics,
): Promise<{ input?: unknown; overlay: Record<string, string> }> {
  if (name === 'local') {
    if (!local) throw new Error('loadGateConfig: --env local needs opts.local (readLocalEnvironment of src/platforms/local)');
    const sandbox = await local(env);
    if (!sandbox) {
      diags.error('--env local', 'the sandbox is not running', 'start it with `npx postflight sandbox up` (or use `npm run demo`)');
      return { overlay: {} };
    }
    return { input: sandbox.input, overlay: sandbox.secretEnv };
  }
  const looksLikePath = name.includes('/') || name.includes('\\') || /\.(json|ts|mjs|js)$/.test(name);
  const file = looksLikePath ? (isAbsolute(name) ? name : resolve(cwd, name)) : join(PROJECT_ROOT, 'config/environments', `${name}.ts`);
  if (!existsSync(file)) {
    diags.error(
      '--env',
      looksLikePath ? `no environment file at ${file}` : `unknown environment "${name}"`,
      `use ${NAMED_ENVS.join(', ')} or a path to an environment .json file (see README)`,
    );
    return { overlay: {} };
  }
  try {
    if (extname(file) === '.json') return { input: JSON.parse(readFileSync(file, 'utf8')), overlay: {} };
    const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
    return { input: mod.default, overlay: {} };
  } catch (err) {
    diags.error(`--env ${name}`, `cannot read ${file}: ${(err as Error).message}`, 'fix the file (JSON) and run again');
    return { overlay: {} };
  }
}

/**
 * Resolves apps x environment x secrets, collecting every problem. Nothing is run here, so
 * a bad config leaves nothing half-done. The result is usable only when `diags` has no error.
 */
export async function loadGateConfig(
  opts: {
    app?: string;
    env?: string;
    only?: string[];
    cwd: string;
    processEnv: NodeJS.ProcessEnv;
    local?: LocalEnvironmentSource;
    flags?: RunFlags;
    /** `--k6-summary`: the load ran elsewhere, none is sent from here. */
    loadRanElsewhere?: boolean;
  },
  diags: Diagnostics,
): Promise<GateConfig | undefined> {
  const apps = parseApps(opts.app, diags);
  const phases = parsePhases(opts.only, diags);
  if (!opts.env) diags.error('--env', 'missing', `use --env ${NAMED_ENVS.join('|')} or --env ./my-env.json`);
  const { input, overlay } = opts.env ? await loadEnvironmentInput(opts.env, opts.cwd, opts.processEnv, opts.local, diags) : { input: undefined, overlay: {} };
  const processEnv = { ...overlay, ...opts.processEnv };
  let env: Environment | undefined;
  if (input !== undefined) {
    const parsed = environmentSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        // Unknown keys are named one by one, each with the closest valid key at that depth.
        if (issue.code === 'unrecognized_keys') {
          const valid = keysAt(environmentSchema, issue.path);
          for (const key of issue.keys)
            diags.error(`env ${opts.env}: ${[...issue.path, key].join('.')}`, 'unknown key', `${didYouMean(key, valid)}valid keys here: ${valid.join(', ')}`);
        } else diags.error(`env ${opts.env}: ${issue.path.join('.') || '(root)'}`, issue.message);
      }
    } else env = parsed.data;
  }
  if (input !== undefined) contractDiagnostics(input, opts.env!, opts.cwd, diags);
  // A missing app target is listed with the other problems even when the file is invalid elsewhere.
  if (input !== undefined && !env) {
    const rawApps = (input as { apps?: unknown })?.apps;
    const name = (input as { name?: unknown })?.name;
    for (const app of apps) {
      if (!rawApps || typeof rawApps !== 'object') continue;
      const raw = (rawApps as Record<string, unknown>)[app] as { secrets?: unknown } | undefined;
      if (!raw) {
        diags.error(`env ${typeof name === 'string' && name ? name : opts.env}`, `defines no target for ${app}`, `add apps.${app} with apiUrl and webUrl`);
        continue;
      }
      // Missing secrets are listed beside the file's own problems ("all reported together").
      const renames =
        raw.secrets && typeof raw.secrets === 'object'
          ? Object.fromEntries(Object.entries(raw.secrets as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'))
          : {};
      resolveSecrets(app, renames, phases, processEnv, diags, []);
    }
  }
  const resolved: ResolvedApp[] = [];
  const secretValues: string[] = [];
  for (const app of env ? apps : []) {
    const target = env!.apps[app];
    if (!target) {
      diags.error(`env ${env!.name}`, `defines no target for ${app}`, `add apps.${app} with apiUrl and webUrl`);
      continue;
    }
    // Contract, waivers and schema file of this target: every problem at once, exit 3.
    // `contract`, `routes` and `waive` were checked on the raw input above (contractDiagnostics).
    const profile = checkContract(APP_PROFILES[app], target).length ? APP_PROFILES[app] : applyContract(APP_PROFILES[app], target);
    const schemaFile = target.schemaFile ? resolveSchemaFile(target.schemaFile, opts.cwd) : undefined;
    const previousSchemaFile = target.previousSchemaFile ? resolveSchemaFile(target.previousSchemaFile, opts.cwd) : undefined;
    const migrationsDir = target.migrationsDir ? resolveSchemaFile(target.migrationsDir, opts.cwd) : undefined;
    const tls = target.tls?.caFile ? { ...target.tls, caFile: resolveSchemaFile(target.tls.caFile, opts.cwd) } : target.tls;
    const secrets = resolveSecrets(app, target.secrets, phases, processEnv, diags, secretValues);
    const databaseUrl = target.databaseUrlEnv ? processEnv[target.databaseUrlEnv] : undefined;
    if (databaseUrl) secretValues.push(databaseUrl, ...passwordOf(databaseUrl));
    else if (phases.includes('db')) {
      diags.error(
        target.databaseUrlEnv ?? `env ${env!.name}: apps.${app}.databaseUrlEnv`,
        `${target.databaseUrlEnv ? 'not set' : 'not configured'} (read-only database URL of ${app}, needed by the db phase)`,
        `${target.databaseUrlEnv ? `export ${target.databaseUrlEnv}=postgres://readonly@host:5432/db` : 'set databaseUrlEnv in the environment and export that variable'}, or leave db out with --only if this run cannot reach the database`,
      );
    }
    if (phases.includes('load')) {
      const refused = opts.loadRanElsewhere ? undefined : loadRefusal(target.apiUrl, target.allowLoad);
      if (refused)
        diags.error(
          `env ${env!.name}: apps.${app}.allowLoad`,
          refused,
          `leave load out with --only, or set allowLoad: true for ${app} if this deployment may take the runbook's load test`,
        );
    }
    if (target.mail?.kind === 'imap') {
      for (const v of [target.mail.userEnv, target.mail.passwordEnv]) {
        if (processEnv[v]) secretValues.push(processEnv[v]!);
        else if (phases.includes('smoke')) diags.error(v, 'not set (IMAP mailbox for the email checks)', `export ${v}=...`);
      }
      const imapPassword = processEnv[target.mail.passwordEnv];
      if (imapPassword) refuseShortPassword(diags, target.mail.passwordEnv, imapPassword, 'IMAP mailbox password');
    }
    resolved.push({
      app,
      profile: withThresholds(profile, target.thresholds),
      target: {
        ...target,
        ...(schemaFile ? { schemaFile } : {}),
        ...(previousSchemaFile ? { previousSchemaFile } : {}),
        ...(migrationsDir ? { migrationsDir } : {}),
        ...(tls ? { tls } : {}),
      },
      secrets,
      ...(databaseUrl ? { databaseUrl } : {}),
    });
  }
  for (const key of ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ACCESS_KEY_ID']) if (processEnv[key]) secretValues.push(processEnv[key]!);
  // With other errors, the config is still returned (callers check `diags.hasErrors`), so the
  // preflight can add its own problems to the same list; without an environment there is none.
  if (!env) return undefined;
  return { env, apps: resolved, phases, secretValues, processEnv, settings: resolveRunSettings(opts.flags ?? {}, processEnv) };
}

/**
 * Checks every app target's `contract`, `routes` and `waive` against its profile on the raw
 * input, so these problems are listed even when another part of the file is invalid too.
 */
function contractDiagnostics(input: unknown, envArg: string, cwd: string, diags: Diagnostics): void {
  const apps = (input as { apps?: unknown })?.apps;
  if (!apps || typeof apps !== 'object') return;
  for (const app of APP_IDS) {
    const raw = (apps as Record<string, unknown>)[app] as
      | { contract?: unknown; routes?: unknown; waive?: unknown; schemaFile?: unknown; previousSchemaFile?: unknown; secrets?: unknown; tls?: unknown }
      | undefined;
    if (!raw || typeof raw !== 'object') continue;
    for (const key of ['schemaFile', 'previousSchemaFile'] as const) {
      const file = raw[key];
      if (typeof file === 'string' && file && !existsSync(resolveSchemaFile(file, cwd))) {
        diags.error(
          `env ${envArg}: apps.${app}.${key}`,
          `no file at ${resolveSchemaFile(file, cwd)}`,
          'point it to a Prisma schema, a SQL dump or a JSON { "table": ["column", ...] } (relative paths are from the working directory)',
        );
      }
    }
    const caFile = (raw.tls as { caFile?: unknown } | undefined)?.caFile;
    const caProblem = typeof caFile === 'string' && caFile ? caFileProblem(resolveSchemaFile(caFile, cwd)) : undefined;
    if (caProblem)
      diags.error(
        `env ${envArg}: apps.${app}.tls.caFile`,
        caProblem,
        'point it to a readable PEM bundle of the CA(s) that issued the served certificates (relative paths are from the working directory)',
      );
    // `secrets` renames variables by role; a role the app does not have would rename nothing, silently.
    if (raw.secrets && typeof raw.secrets === 'object') {
      const roles = Object.keys(SECRET_DEFAULTS[app]);
      for (const role of Object.keys(raw.secrets)) {
        if (!roles.includes(role))
          diags.error(`env ${envArg}: apps.${app}.secrets.${role}`, 'unknown key', `${didYouMean(role, roles)}valid keys here: ${roles.join(', ')}`);
      }
    }
    const target = {
      ...(raw.contract && typeof raw.contract === 'object' ? { contract: raw.contract as Record<string, unknown> } : {}),
      ...(raw.routes && typeof raw.routes === 'object' ? { routes: raw.routes as Record<string, string> } : {}),
    };
    const contractProblems = checkContract(APP_PROFILES[app], target);
    const profile = contractProblems.length ? APP_PROFILES[app] : applyContract(APP_PROFILES[app], target);
    const waive = raw.waive && typeof raw.waive === 'object' ? (raw.waive as Record<string, string>) : {};
    for (const p of [...contractProblems, ...checkWaivers(app, waive, profile)]) diags.error(`env ${envArg}: ${p.path}`, p.message, p.hint);
  }
}

/** The secrets of one app by role (renamed by `apps.<app>.secrets`); a missing one a selected phase needs is an error. */
function resolveSecrets(
  app: AppId,
  renames: Record<string, string>,
  phases: Phase[],
  processEnv: NodeJS.ProcessEnv,
  diags: Diagnostics,
  secretValues: string[],
): Record<string, string> {
  const secrets: Record<string, string> = {};
  const needed = new Set(phases.flatMap((p) => PHASE_SECRETS[p] ?? []));
  for (const [role, def] of Object.entries(SECRET_DEFAULTS[app])) {
    const varName = renames[role] ?? def.env;
    const value = processEnv[varName];
    if (value) {
      if (isPasswordRole(role)) refuseShortPassword(diags, varName, value, def.why);
      secrets[role] = value;
      secretValues.push(value);
    } else if (needed.has(role)) {
      const by = phases.filter((p) => PHASE_SECRETS[p]?.includes(role));
      diags.error(
        varName,
        `not set (${def.why}, needed by ${app} for ${by.join(', ')})`,
        `export ${varName}=... (see README "Secrets"), or leave ${by.join(' and ')} out with --only if this run must do without it`,
      );
    }
  }
  return secrets;
}

const resolveSchemaFile = (file: string, cwd: string): string => (isAbsolute(file) ? file : resolve(cwd, file));

/**
 * Why `tls.caFile` cannot be trusted from, if it cannot: a CA the check was told to trust but
 * could not read would leave a private-CA certificate "not trusted" (a false NO-GO), so it is
 * refused before anything runs, never ignored.
 */
function caFileProblem(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return `cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
  }
  return text.includes('-----BEGIN CERTIFICATE-----') ? undefined : `${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`;
}

function passwordOf(url: string): string[] {
  try {
    const p = decodeURIComponent(new URL(url).password);
    return p ? [p] : [];
  } catch {
    return [];
  }
}
