import { makeRedactor } from '../evidence/redact.ts';
import type { CliIO } from './io.ts';

/**
 * The console is evidence too: CI keeps its log longer than anyone keeps a run folder. Every
 * line a command prints after it knows the secrets goes through the same redactor as the run
 * folder (known values in every spelling, then token and password shapes), so a check that
 * puts a secret into a message cannot leak it through the summary.
 */
export function redactingIO(io: CliIO, secrets: readonly string[]): CliIO {
  const redact = makeRedactor(secrets);
  const write = io.write;
  return {
    ...io,
    out: (text) => io.out(redact(text)),
    err: (text) => io.err(redact(text)),
    ...(write ? { write: (text: string) => write(redact(text)) } : {}),
  };
}
