#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so `npx postflight` works on a fresh clone with no
// build step. tsx is a runtime dependency for that reason.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
