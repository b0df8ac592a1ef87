import type { EnvironmentInput } from '../../config/environment.ts';
import type { LocalEnvironmentSource } from '../../config/load.ts';
import type { SandboxState } from '../../../sandbox/state.ts';
import { FR_LATEST_MIGRATION_NAME } from '../../../sandbox/financial-rise/schema.ts';
import { FLOWCOMPLY_MIGRATIONS } from '../../../sandbox/flowcomply/schema.ts';
import { localPlatform } from './sandbox-control.ts';

/** `--env local` for the config loader: the running sandbox's environment and secrets, if it is ready. */
export const readLocalEnvironment: LocalEnvironmentSource = async (env) => {
  const state = await localPlatform(env).status();
  if (state?.status !== 'ready') return undefined;
  return { input: localEnvironment(state), secretEnv: localSecretEnv(state) };
};
import { LOAD_LIMITS } from '../../../sandbox/load-limits.ts';

/** The request budget as the sandbox enforces it: lifted by default, the contract's with `--contract-limits`. */
function rateLimitsOf(state: SandboxState, app: 'financial-rise' | 'flowcomply'): { contract?: { rateLimits: Record<string, { limit: number }> } } {
  if (state.rateLimits !== 'load') return {};
  return app === 'financial-rise'
    ? {
        contract: {
          rateLimits: {
            login: { limit: LOAD_LIMITS.fr.loginPerMinute },
            register: { limit: LOAD_LIMITS.fr.registerPerHour },
            perRoute: { limit: LOAD_LIMITS.fr.defaultPerMinute },
          },
        },
      }
    : { contract: { rateLimits: { global: { limit: LOAD_LIMITS.fc.max } } } };
}

/**
 * `local` is the sandbox: URLs, accounts and database URLs come from the running sandbox's
 * state file, exposed to the gate as the same environment variables a real deployment uses.
 */
export function localEnvironment(state: SandboxState): EnvironmentInput {
  const apps = state.apps!;
  const mail = state.mail ? { kind: 'maildev' as const, url: state.mail.apiUrl } : undefined;
  const common = (app: 'financial-rise' | 'flowcomply') => ({
    apiUrl: apps[app].apiUrl,
    webUrl: apps[app].webUrl,
    release: apps[app].release,
    deployedAt: apps[app].deployedAt,
    appLogFile: apps[app].logFile,
    ...(apps[app].previousSchemaFile ? { previousSchemaFile: apps[app].previousSchemaFile } : {}),
    ...(apps[app].schemaFile ? { schemaFile: apps[app].schemaFile } : {}),
    ...(mail ? { mail } : {}),
    // Each app its own status page: one app's outage must not fail the other's uptime check.
    ...(state.statusPageUrl ? { statusPageUrl: new URL(app, state.statusPageUrl).href } : {}),
    ...(state.releaseRepo ? { releaseRepo: state.releaseRepo } : {}),
    // The apps answer plain http; their HTTPS faces (sandbox/https-face.ts) are the served
    // certificates, issued by the sandbox's test CA, which the check trusts through caFile.
    ...(apps[app].httpsUrl && state.tlsCaFile ? { tls: { endpoints: [apps[app].httpsUrl], caFile: state.tlsCaFile } } : {}),
    ...(state.aws ? { aws: state.aws.names[app] } : {}),
    // The sandbox is its own staging: `verify --env local` runs leave the verdicts it reads.
    staging: { envName: 'local', apiUrl: apps[app].apiUrl },
    allowLoad: true,
    ...rateLimitsOf(state, app),
  });
  return {
    name: 'local',
    kind: 'local',
    apps: {
      'financial-rise': {
        ...common('financial-rise'),
        databaseUrlEnv: 'FR_DATABASE_URL',
        expectedMigration: FR_LATEST_MIGRATION_NAME,
      },
      flowcomply: { ...common('flowcomply'), databaseUrlEnv: 'FC_DATABASE_URL', expectedMigrations: [...FLOWCOMPLY_MIGRATIONS] },
    },
    ...(state.aws ? { aws: { region: state.aws.region, endpoint: state.aws.endpoint } } : {}),
    retries: 0,
    flakyBlocksGo: true,
  };
}

/** The sandbox's generated secrets under the standard variable names (env vars still win). */
export function localSecretEnv(state: SandboxState): Record<string, string> {
  const a = state.accounts!;
  return {
    FR_SMOKE_EMAIL: a['financial-rise'].consultant.email,
    FR_SMOKE_PASSWORD: a['financial-rise'].consultant.password,
    FR_ADMIN_EMAIL: a['financial-rise'].admin.email,
    FR_ADMIN_PASSWORD: a['financial-rise'].admin.password,
    FC_SMOKE_EMAIL: a.flowcomply.smoke.email,
    FC_SMOKE_PASSWORD: a.flowcomply.smoke.password,
    FC_ADMIN_EMAIL: a.flowcomply.admin.email,
    FC_ADMIN_PASSWORD: a.flowcomply.admin.password,
    FC_THROWAWAY_EMAIL: a.flowcomply.throwaway.email,
    FC_THROWAWAY_PASSWORD: a.flowcomply.throwaway.password,
    FR_DATABASE_URL: state.apps!['financial-rise'].databaseUrl,
    FC_DATABASE_URL: state.apps!.flowcomply.databaseUrl,
    ...(state.aws ? { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' } : {}),
  };
}
