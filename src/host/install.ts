import { spawnSync } from 'node:child_process';

/** Installs take minutes (Chromium is ~100 MB); past this something is stuck, not slow. */
const INSTALL_TIMEOUT_MS = 15 * 60_000;

export interface InstallResult {
  ok: boolean;
  command: string;
  /** The last lines of the installer's output when it failed. */
  detail?: string;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): InstallResult {
  const res = spawnSync(cmd, args, { env, timeout: INSTALL_TIMEOUT_MS, killSignal: 'SIGKILL', encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const command = [cmd, ...args].join(' ');
  if (res.status === 0) return { ok: true, command };
  const why = res.error ? res.error.message : res.signal ? `killed by ${res.signal} (time limit ${INSTALL_TIMEOUT_MS / 60_000} min)` : `exit ${res.status}`;
  const tail = `${res.stdout ?? ''}\n${res.stderr ?? ''}`.trim().split('\n').slice(-8).join('\n');
  return { ok: false, command, detail: `${why}${tail ? `\n${tail}` : ''}` };
}

/** `apt-get update` then one `apt-get install` for all packages, non-interactive. */
export function aptInstall(pkgs: string[], env: NodeJS.ProcessEnv = process.env): InstallResult {
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = run('apt-get', ['update', '-qq'], aptEnv);
  if (!update.ok) return update;
  return run('apt-get', ['install', '-y', '-qq', ...pkgs], aptEnv);
}

export function pipInstall(pkgs: string[], env: NodeJS.ProcessEnv = process.env): InstallResult {
  return run('python3', ['-m', 'pip', 'install', '-q', '--disable-pip-version-check', ...pkgs], env);
}

/** Builds Go tools into `binDir` (GOBIN), where `findTool` looks for them. */
export function goInstall(goPath: string, modules: string[], binDir: string, env: NodeJS.ProcessEnv = process.env): InstallResult {
  for (const mod of modules) {
    const res = run(goPath, ['install', mod], { ...env, GOBIN: binDir });
    if (!res.ok) return res;
  }
  return { ok: true, command: `${goPath} install ${modules.join(' ')}` };
}
