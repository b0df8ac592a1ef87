import type { ProgressEvent, ProgressSink } from '../../core/progress.ts';

type LoadFigures = Pick<Extract<ProgressEvent, { kind: 'load' }>, 'requests' | 'rps' | 'p95Ms' | 'errors' | 'throttled'>;

/**
 * The load window's live progress: one event a second with the figures so far, and a last one
 * (`done`) when the window ends, however it ends. The engine only says what it has counted;
 * how it looks is the console's business (src/cli/live-console.ts).
 */
export function windowTicker(
  sink: ProgressSink,
  engine: 'embedded' | 'k6',
  totalS: number,
  figures: () => LoadFigures = () => ({}),
  everyMs = 1000,
): { stop(): void } {
  const began = Date.now();
  const event = (done: boolean): ProgressEvent => ({
    kind: 'load',
    engine,
    elapsedS: (Date.now() - began) / 1000,
    totalS,
    ...figures(),
    ...(done ? { done } : {}),
  });
  const timer = setInterval(() => sink(event(false)), everyMs);
  timer.unref();
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      sink(event(true));
    },
  };
}
