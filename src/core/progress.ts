/**
 * Progress of a long wait, as data: the load window, a Lighthouse run, the watch's next round.
 * The engines and runners emit these; one renderer in the CLI (src/cli/live-console.ts)
 * decides how they look (in place on a terminal, timestamped lines in CI). Nothing here carries
 * a URL or a credential: only counts, times and page paths.
 */
export type ProgressEvent = (
  | {
      kind: 'load';
      engine: 'embedded' | 'k6';
      elapsedS: number;
      totalS: number;
      /** Undefined when the engine has not reported it (yet): k6's REST API not answering, a script without the `throttled` Counter. */
      requests?: number;
      rps?: number;
      p95Ms?: number;
      errors?: number;
      throttled?: number;
      /** The window is over (its full length, or cut short by the budget or the deadline). */
      done?: boolean;
    }
  | { kind: 'lighthouse'; page: string; run: number; runs: number }
  | { kind: 'watch-next'; round: number; rounds: number; at: Date }
) & {
  /** Which app, when several measure at once (`verify --app all` runs both load windows together). */
  app?: string;
};

export type ProgressSink = (event: ProgressEvent) => void;
