import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { UsedMessages } from './inbox.ts';

/**
 * The message ids a run's attempts have used, one per line in a small file in the run folder:
 * Playwright runs each retry in a new worker process, so memory cannot carry it. Re-read on
 * every question, so an attempt sees what any earlier one used.
 */
export class UsedMessagesFile implements UsedMessages {
  constructor(private readonly path: string) {}

  has(key: string): boolean {
    return existsSync(this.path) && readFileSync(this.path, 'utf8').split('\n').includes(key);
  }

  add(key: string): void {
    if (!this.has(key)) appendFileSync(this.path, `${key}\n`);
  }
}
