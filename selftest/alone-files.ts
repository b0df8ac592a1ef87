/**
 * The whole suite (`npm test`) runs the self-test files that start processes two at a time,
 * since most of their time is spent waiting (on a browser, a sandbox, a deadline), and the
 * detection matrix with one such file beside it. The files listed here run with nothing
 * beside them: they measure time or load (Lighthouse scores, latency percentiles, request
 * rates) or assert that something ends within a bound, and a neighbour's CPU would make them
 * flaky. A new self-test that asserts a duration or measures performance joins this list.
 * Not here: files whose time bound is generous against what they take (a frozen target ends
 * within the deadline + 45 s; a moto call under 15 s that takes < 1 s; the sandbox up under
 * 30 s in ~10 s; a preflight under 8 s; a kill under 6 s): a neighbour cannot flip them, and
 * alone they cost ~3 min of the whole suite's wall time.
 */
export const ALONE_FILES: readonly string[] = [
  'selftest/interrupt.test.ts', // a signal ends the run within 15 s
  'selftest/load-embedded.test.ts', // request rates and error shares of a real load run
  'selftest/load-k6-import.test.ts',
  'selftest/load-k6-runner.test.ts',
  'selftest/load-throttled-cli.test.ts', // requests in 2 s at 10/s
  'selftest/perf-api.test.ts', // latency percentiles against budgets
  'selftest/perf-lighthouse.test.ts', // Lighthouse scores
  'selftest/watch.test.ts', // rounds on a clock
];

/** The detection matrix: the longest file, started first; it runs its own lanes (matrix/lanes.ts). */
export const MATRIX_FILE = 'selftest/matrix.test.ts';
