import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Diagnostics } from '../config/diagnostics.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * parseArgs, but an unknown flag or a missing value becomes a diagnostic instead of a throw,
 * so the command can list it together with every other problem.
 */
export function parseFlags<O extends Options>(argv: string[], options: O, diags: Diagnostics) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    const message = (err as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, '');
    diags.error('flags', message, 'run with --help to see every flag');
    const loose = parseArgs({ args: argv, options, allowPositionals: true, strict: false });
    return loose as ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;
  }
}

/** `a,b , c` -> ['a','b','c']; repeatable flags give arrays. */
export function listFlag(value: string | string[] | boolean | undefined): string[] {
  if (value === undefined || typeof value === 'boolean') return [];
  const parts = Array.isArray(value) ? value : [value];
  return parts
    .flatMap((p) => p.split(','))
    .map((p) => p.trim())
    .filter(Boolean);
}
