// Installs npm dependencies when they are missing or older than package-lock.json, so that
// `npm test` and `npm run demo` work on a fresh clone with no other step.
import { existsSync, lstatSync, statSync } from 'node:fs';
import { execSync } from 'node:child_process';

const marker = 'node_modules/.package-lock.json';
const stale = !existsSync(marker) || statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs + 1000;
// A linked node_modules (a git worktree sharing another checkout's install) is not ours to
// reinstall: `npm ci` would empty the folder it points to while others use it.
const linked = existsSync('node_modules') && lstatSync('node_modules').isSymbolicLink();
if (stale && linked) {
  console.log('postflight: node_modules is a link to another install; not reinstalling it here (run npm ci where it lives)');
} else if (stale) {
  console.log('postflight: installing npm dependencies (npm ci)...');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
}
