/**
 * The bin's first import, before the CLI's own modules load (seconds on a busy runner): the
 * signal handlers of host/interrupt.ts, so a SIGTERM that arrives while the CLI is still
 * loading is kept for verify / deploy / watch instead of killing the process unrecorded.
 */
export { installInterruptHandlers } from '../host/interrupt.ts';
