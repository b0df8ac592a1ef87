import type { AppId } from '../core/types.ts';

/** The exact command that rolls this app back, for CI logs, the console and the report. */
export function rollbackCommand(
  t: { app: AppId; envArg: string; production: boolean },
  procedure: string,
  opts: { destructive?: boolean; to?: string; out?: string } = {},
): string {
  return [
    'postflight rollback',
    `--app ${t.app}`,
    `--env ${t.envArg}`,
    `--procedure ${procedure}`,
    opts.to ? `--to ${opts.to}` : '',
    opts.destructive ? '--confirm-data-loss' : '',
    t.production ? '--confirm-production' : '',
    opts.out ? `--out ${opts.out}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}
