/**
 * Config problems are collected, never thrown one at a time: the user sees every problem
 * in one go (checkly-cli diagnostics habit). Only `error` stops a run.
 */
export interface Diagnostic {
  level: 'error' | 'warning' | 'notice';
  /** Where the problem is: `--app`, `env staging: apps.flowcomply.apiUrl`, `FR_SMOKE_PASSWORD`. */
  where: string;
  message: string;
  /** What to do about it. */
  hint?: string;
}

export class Diagnostics {
  readonly items: Diagnostic[] = [];
  error(where: string, message: string, hint?: string): void {
    this.items.push({ level: 'error', where, message, ...(hint ? { hint } : {}) });
  }
  warning(where: string, message: string, hint?: string): void {
    this.items.push({ level: 'warning', where, message, ...(hint ? { hint } : {}) });
  }
  notice(where: string, message: string, hint?: string): void {
    this.items.push({ level: 'notice', where, message, ...(hint ? { hint } : {}) });
  }
  get hasErrors(): boolean {
    return this.items.some((d) => d.level === 'error');
  }
  merge(other: Diagnostics): void {
    this.items.push(...other.items);
  }
}

export function formatDiagnostics(items: readonly Diagnostic[]): string {
  const errors = items.filter((d) => d.level === 'error').length;
  const lines = items.map((d) => `  ${d.level.toUpperCase().padEnd(7)} ${d.where}: ${d.message}${d.hint ? `\n          -> ${d.hint}` : ''}`);
  const head = errors ? `postflight: ${errors} configuration problem${errors > 1 ? 's' : ''}; nothing was run.` : 'postflight: configuration notes:';
  return [head, ...lines].join('\n');
}
