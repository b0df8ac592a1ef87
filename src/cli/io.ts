import type { CliIO } from '../core/console-io.ts';

export type { CliIO };

export function processIO(): CliIO {
  return {
    out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
    isTTY: Boolean(process.stdout.isTTY),
    write: (t) => void process.stdout.write(t),
    env: process.env,
    cwd: process.cwd(),
  };
}

export type Command = (argv: string[], io: CliIO) => Promise<number>;
