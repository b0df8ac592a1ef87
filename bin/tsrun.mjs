#!/usr/bin/env node
// Runs one TypeScript module through tsx (used to spawn the sandbox daemon detached).
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

// The AWS SDK warns on every run that future versions will need Node 22; package-lock.json
// pins versions that support Node 20, so the warning is noise in the gate's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const [file, ...rest] = process.argv.slice(2);
process.argv = [process.argv[0], file, ...rest];
await import(pathToFileURL(resolve(file)).href);
