// Loaded (--import) into each self-test run that `npm test` starts: when a test file's process
// exits, it appends the CPU seconds it and every child it waited for used (user + system, from
// /proc/self/stat) to the file PF_TEST_CPU_FILE names; the runner sums the lines (a batch of
// unit files writes one line per file). The sandboxes and browsers a file stopped count, the
// node test runner's own start-up does not. Approximate, and Linux only.
import { appendFileSync, readFileSync } from 'node:fs';

const target = process.env.PF_TEST_CPU_FILE;
// The runner process of `node --test` does not load --import modules; each file's process does (NODE_TEST_CONTEXT).
if (target && process.env.NODE_TEST_CONTEXT) {
  process.on('exit', () => {
    try {
      // After "pid (comm) " comes field 3; utime, stime, cutime, cstime are fields 14-17, in ticks of 1/100 s.
      const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
      const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
      appendFileSync(target, `${ticks / 100}\n`);
    } catch {
      // no /proc: the table shows "?"
    }
  });
}
