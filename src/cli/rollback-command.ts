import type { CliIO } from './io.ts';
export async function rollbackCommand(_argv: string[], io: CliIO): Promise<number> { io.err('not yet'); return 3; }
