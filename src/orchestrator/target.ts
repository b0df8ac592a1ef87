import type { APP_PROFILES } from '../../config/apps/index.ts';
import { createAwsClients } from '../aws/clients.ts';
import type { Diagnostics } from '../config/diagnostics.ts';
import { loadGateConfig, type GateConfig } from '../config/load.ts';
import type { AppId } from '../core/types.ts';
import { createAwsPlatform } from '../platforms/aws/platform.ts';
import { createLocalPlatform, localPlatform, readLocalEnvironment } from '../platforms/local/index.ts';
import type { Platform } from '../platforms/platform.ts';
import type { TableRows } from '../platforms/local/index.ts';
import type { CliIO } from '../core/console-io.ts';

/**
 * Where a deploy or rollback acts, resolved once from `--app` and `--env`: the environment
 * (every problem listed, nothing done), the platform by environment kind (`local` -> the
 * sandbox, an environment with `aws` names -> AWS), and the folder the lock file lives in.
 */

export type DeployPlatform = Platform & { rowsSinceSnapshot?(snapshotId: string): Promise<TableRows[]> };

export interface DeployTarget {
  app: AppId;
  envArg: string;
  /** The environment's name (run folders, history, lock). */
  envName: string;
  config: GateConfig;
  platform: DeployPlatform;
  stateDir: string;
  production: boolean;
  commandsConfigured: Set<string>;
  procedures: (typeof APP_PROFILES)[AppId]['rollback']['procedures'];
}

export async function resolveTarget(app: string | undefined, envArg: string | undefined, io: CliIO, diags: Diagnostics): Promise<DeployTarget | undefined> {
  if (app === 'all' || app?.includes(',')) {
    diags.error('--app', `"${app}": a deploy acts on one app`, 'give --app financial-rise or --app flowcomply (run two deploys for both)');
    return undefined;
  }
  // Only the `pre` phase: resolving needs no smoke secret; each step loads what it needs.
  const config = await loadGateConfig(
    { ...(app ? { app } : {}), ...(envArg ? { env: envArg } : {}), only: ['pre'], cwd: io.cwd, processEnv: io.env, local: readLocalEnvironment },
    diags,
  );
  if (!config || diags.hasErrors) return undefined;
  const resolved = config.apps[0]!;
  const local = localPlatform(io.env);
  let platform: DeployPlatform | undefined;
  if (config.env.kind === 'local') platform = createLocalPlatform(local, resolved.app);
  else if (config.env.aws && resolved.target.aws) {
    platform = createAwsPlatform({
      aws: createAwsClients({ ...config.env.aws, ...(resolved.target.aws.region ? { region: resolved.target.aws.region } : {}) }, config.processEnv),
      names: resolved.target.aws,
    });
  } else {
    diags.error(
      `env ${config.env.name}`,
      `has no AWS names for ${resolved.app} (aws + apps.${resolved.app}.aws): there is nothing to deploy to`,
      'add them to the environment, or use --env local for the sandbox',
    );
    return undefined;
  }
  return {
    app: resolved.app,
    envArg: envArg!,
    envName: config.env.name,
    config,
    platform,
    stateDir: local.stateDir,
    production: config.env.name === 'production' || envArg === 'production',
    commandsConfigured: new Set(
      Object.entries(resolved.target.commands ?? {})
        .filter(([, v]) => v)
        .map(([k]) => k),
    ),
    procedures: resolved.profile.rollback.procedures,
  };
}

// The command lives in its own module so the report can print it without loading the platforms.
export { rollbackCommand } from './rollback-command.ts';
