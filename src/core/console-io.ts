/**
 * What a command may touch: output streams and the process environment, passed in for tests.
 * It lives in core because the orchestrator's glue (src/orchestrator/) prints progress through
 * the same interface the CLI hands it, without importing the CLI.
 */
export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
  /** stdout is a terminal: the live console rewrites one status line in place (src/cli/live-console.ts). */
  isTTY?: boolean;
  /** Raw stdout text, no newline added (the in-place status line). */
  write?: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}
