import { findOnPath } from './which.ts';

/** CHROME_PATH first, then the Debian package's binary, then anything named like Chromium on PATH. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROME_PATH) return findOnPath(env.CHROME_PATH, env);
  return findOnPath('/usr/bin/chromium', env) ?? findOnPath('chromium', env) ?? findOnPath('chromium-browser', env) ?? findOnPath('google-chrome', env);
}

/** Flags that let headless Chromium run as root on a machine with no outside network. */
export const CHROMIUM_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
