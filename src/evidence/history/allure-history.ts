import { dirname, isAbsolute, join, relative } from 'node:path';
import { ALLURE_CONFIG, ALLURE_DIR } from '../reporters/allure.ts';

/**
 * Allure's own history between runs. The gate writes each run's `allure-results/`; Allure 3
 * turns them into a report and, given `--history-path`, reads the earlier runs' data points
 * from one JSONL file and appends this run's, so the report shows trends and each test's
 * history. One file per app and environment, beside the gate's history index:
 * `<reports>/<app>/<env>/allure-history.jsonl`, and one report folder beside it,
 * `<reports>/<app>/<env>/allure-report/` (the latest run, with the trend of all before it).
 * Both stay OUT of the run folders: a sealed folder must not gain files after its seal
 * (verify-evidence reports any file the manifest does not list).
 */

export const ALLURE_HISTORY_FILE = 'allure-history.jsonl';
export const ALLURE_REPORT_DIR = 'allure-report';

/** A run folder lives at `<reports>/<app>/<env>/<run-id>/`: its app-and-environment folder is its parent. */
export const allureHistoryPath = (runDir: string): string => join(dirname(runDir), ALLURE_HISTORY_FILE);
export const allureReportPath = (runDir: string): string => join(dirname(runDir), ALLURE_REPORT_DIR);

/** The `allure awesome` arguments that build one run's report (its config: our categories) with the app-and-environment history. */
export function allureAwesomeArgs(runDir: string): string[] {
  return [
    'awesome',
    join(runDir, ALLURE_DIR),
    '--config',
    join(runDir, ALLURE_CONFIG),
    '--single-file',
    '-o',
    allureReportPath(runDir),
    '--history-path',
    allureHistoryPath(runDir),
  ];
}

/** The same as a command to paste, paths relative to `cwd` (the console prints it). */
export function allureReportCommand(runDir: string, cwd: string): string {
  const shown = (arg: string) => {
    const path = isAbsolute(arg) ? relative(cwd, arg) || '.' : arg;
    // Single quotes: nothing inside them expands in a POSIX shell.
    return /[^\w./@%+=:,-]/.test(path) ? `'${path.replace(/'/g, `'\\''`)}'` : path;
  };
  return ['npx allure', ...allureAwesomeArgs(runDir).map(shown)].join(' ');
}
