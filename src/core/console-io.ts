/**
 * What a command may touch: output streams and the process environment, passed in for tests.
 * It lives in core because the orchestrator's glue (src/orchestrator/) prints progress through
 * the same interface the CLI hands it, without importing the CLI.
 */
export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}
