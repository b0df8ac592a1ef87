import { APP_IDS, type AppId } from '../core/types.ts';
import { Diagnostics, formatDiagnostics } from '../config/diagnostics.ts';
import { AWS_FAULT_IDS, RELEASES, RUNTIME_FAULT_IDS, findFault, localPlatform, normaliseFaultId, type SandboxState } from '../platforms/local/index.ts';
import { listFlag, parseFlags } from './args.ts';
import type { CliIO } from './io.ts';

export const SANDBOX_HELP = `postflight sandbox up|down|status — reference deployments of both apps on this machine

  postflight sandbox up [--release <app>=<version>]... [--fault <app>:<fault>]... [--aws]
                        [--database-url URL] [--redis-url URL] [--contract-limits] [--json]
      Starts PostgreSQL (embedded unless --database-url / DATABASE_URL), a maildev mail
      catcher, Redis (when redis-server is installed or --redis-url / REDIS_URL), and both
      apps; returns when everything answers and writes the URLs to .postflight/sandbox.json.
      On a running sandbox, --release/--fault redeploy the apps instead.
      --release   financial-rise=1.0.0 (healthy; see \`postflight faults\` for the others)
      --fault     e.g. flowcomply:queues-stuck or fr:report-slow (repeatable, or comma-separated)
      --aws       also start moto on 127.0.0.1 and seed the AWS world of the local environment
      --contract-limits  keep the production rate limits (default: lifted for load tests)
  postflight sandbox fault --app <app> --on <fault> | --off <fault>
      Flips a fault in the running app without a restart (well under a second), for the faults
      an app reads per request: ${[...RUNTIME_FAULT_IDS].join(', ')}.
      Any other fault needs a redeploy (\`sandbox up --fault\`): refused with exit 3.
  postflight sandbox status [--json]
  postflight sandbox down   stops everything it started; no process or port is left behind`;

interface UpRequest {
  releases: Partial<Record<AppId, string>>;
  faults: string[];
}

/** Validates --release and --fault together so every problem is listed at once. */
export function parseDeployFlags(releaseFlags: string[], faultFlags: string[], diags: Diagnostics): UpRequest {
  const releases: Partial<Record<AppId, string>> = {};
  for (const raw of releaseFlags) {
    const [app, version] = raw.split('=', 2);
    if (!APP_IDS.includes(app as AppId)) diags.error('--release', `unknown app "${app}" in "${raw}"`, `use ${APP_IDS.join(' or ')}`);
    else if (!version || !RELEASES[app as AppId][version])
      diags.error('--release', `unknown release "${version ?? ''}" of ${app}`, `known: ${Object.keys(RELEASES[app as AppId]).join(', ')}`);
    else releases[app as AppId] = version;
  }
  const faults: string[] = [];
  for (const raw of faultFlags) {
    const id = normaliseFaultId(raw);
    if (!findFault(id)) diags.error('--fault', `unknown fault "${raw}"`, 'run `postflight faults` to list them');
    else faults.push(id);
  }
  return { releases, faults };
}

function describe(state: SandboxState): string {
  const lines = [`sandbox ready (pid ${state.pid}, database ${state.database.kind}, rate limits ${state.rateLimits})`];
  for (const [app, s] of Object.entries(state.apps ?? {})) {
    lines.push(`  ${app.padEnd(15)} ${s.release.padEnd(6)} api ${s.apiUrl}  web ${s.webUrl}${s.faults.length ? `  faults: ${s.faults.join(', ')}` : ''}`);
  }
  if (state.mail) lines.push(`  mail catcher    ${state.mail.apiUrl} (SMTP ${state.mail.smtp.host}:${state.mail.smtp.port})`);
  lines.push(`  redis           ${state.redis ? state.redis.url : 'none (install redis-server or set REDIS_URL; FlowComply health will say so)'}`);
  if (state.aws)
    lines.push(`  aws (moto)      ${state.aws.endpoint} region ${state.aws.region}${state.aws.faults.length ? ` faults: ${state.aws.faults.join(', ')}` : ''}`);
  return lines.join('\n');
}

export async function sandboxCommand(argv: string[], io: CliIO): Promise<number> {
  const diags = new Diagnostics();
  const { values, positionals } = parseFlags(
    argv,
    {
      release: { type: 'string', multiple: true },
      fault: { type: 'string', multiple: true },
      aws: { type: 'boolean' },
      'database-url': { type: 'string' },
      'redis-url': { type: 'string' },
      'contract-limits': { type: 'boolean' },
      json: { type: 'boolean' },
      app: { type: 'string' },
      on: { type: 'string' },
      off: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    diags,
  );
  const action = positionals[0];
  if (values.help || !action) {
    io.out(SANDBOX_HELP);
    return action || values.help ? 0 : 3;
  }
  const local = localPlatform(io.env);
  if (!['up', 'down', 'status', 'fault'].includes(action)) diags.error('sandbox', `unknown action "${action}"`, 'use up, down, status or fault');
  if (action === 'fault') return switchFault(values, io, diags);
  const request = parseDeployFlags(listFlag(values.release as string[] | undefined), listFlag(values.fault as string[] | undefined), diags);
  const running = action === 'up' ? await local.status() : undefined;
  const awsFaults = request.faults.filter((id) => AWS_FAULT_IDS.has(id));
  if (awsFaults.length && !values.aws && !running?.aws) {
    diags.error(
      '--fault',
      `${awsFaults.join(', ')}: AWS faults need the AWS world, which only exists with --aws`,
      "add --aws (moto must be installed: pip install 'moto[server]')",
    );
  }
  if (diags.hasErrors) {
    io.err(formatDiagnostics(diags.items));
    return 3;
  }
  if (action === 'status') {
    const state = await local.status();
    if (values.json) io.out(JSON.stringify(state ? { ...state, accounts: undefined, controlToken: undefined } : { status: 'down' }, null, 2));
    else io.out(state ? describe(state) : 'sandbox is not running (start it with `npx postflight sandbox up`)');
    return state ? 0 : 1;
  }
  if (action === 'down') {
    const { wasRunning } = await local.down();
    io.out(wasRunning ? 'sandbox stopped' : 'sandbox was not running');
    return 0;
  }
  const started = Date.now();
  try {
    let state: SandboxState;
    if (running) {
      if (!Object.keys(request.releases).length && !request.faults.length) {
        io.out(`${describe(running)}\n(already running; use --release/--fault to redeploy, or \`sandbox down\`)`);
        return 0;
      }
      for (const app of APP_IDS) {
        await local.deploy(app, request.releases[app] ?? '1.0.0', request.faults);
      }
      state = (await local.status())!;
    } else {
      state = await local.up({
        releases: request.releases,
        faults: request.faults,
        aws: Boolean(values.aws),
        ...(values['database-url'] ? { databaseUrl: values['database-url'] as string } : {}),
        ...(values['redis-url'] ? { redisUrl: values['redis-url'] as string } : {}),
        rateLimits: values['contract-limits'] ? 'contract' : 'load',
      });
    }
    if (values.json) io.out(JSON.stringify({ ...state, accounts: undefined, controlToken: undefined }, null, 2));
    else io.out(`${describe(state)}\n(up in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return 0;
  } catch (err) {
    io.err(`postflight: ${(err as Error).message}`);
    return 3;
  }
}

/** Validates `sandbox fault` flags (every problem at once) against the runtime fault list. */
export function parseFaultSwitch(
  appRaw: string | undefined,
  onRaw: string | undefined,
  offRaw: string | undefined,
  diags: Diagnostics,
): { app: AppId; fault: string; on: boolean } | undefined {
  if ((onRaw === undefined) === (offRaw === undefined)) diags.error('--on/--off', 'give exactly one of --on <fault> or --off <fault>');
  const raw = onRaw ?? offRaw ?? '';
  const fault = normaliseFaultId(raw);
  const known = raw ? findFault(fault) : undefined;
  if (raw && !known) diags.error(onRaw !== undefined ? '--on' : '--off', `unknown fault "${raw}"`, 'run `postflight faults` to list them');
  else if (known && !RUNTIME_FAULT_IDS.has(known.id))
    diags.error(
      onRaw !== undefined ? '--on' : '--off',
      `${known.id} acts when the app starts, not per request`,
      `redeploy with \`sandbox up --fault ${known.id}\`; switchable at runtime: ${[...RUNTIME_FAULT_IDS].join(', ')}`,
    );
  const app = (appRaw ?? known?.app) as AppId | undefined;
  if (!app || !APP_IDS.includes(app)) diags.error('--app', `"${appRaw ?? ''}" is not an app`, `use ${APP_IDS.join(' or ')}`);
  else if (known && known.app !== app) diags.error('--app', `${known.id} is a fault of ${known.app}, not ${app}`);
  return diags.hasErrors || !app || !known ? undefined : { app, fault, on: onRaw !== undefined };
}

async function switchFault(values: Record<string, unknown>, io: CliIO, diags: Diagnostics): Promise<number> {
  const request = parseFaultSwitch(values.app as string | undefined, values.on as string | undefined, values.off as string | undefined, diags);
  if (!request) {
    io.err(formatDiagnostics(diags.items));
    return 3;
  }
  const local = localPlatform(io.env);
  if (!(await local.status())) {
    io.err('postflight: the sandbox is not running: run `postflight sandbox up` first');
    return 3;
  }
  try {
    const app = await local.switchFault(request.app, request.fault, request.on);
    io.out(`${request.app}: ${request.fault} ${request.on ? 'on' : 'off'} (faults now: ${app.faults.join(', ') || 'none'})`);
    return 0;
  } catch (err) {
    io.err(`postflight: ${(err as Error).message}`);
    return 3;
  }
}
