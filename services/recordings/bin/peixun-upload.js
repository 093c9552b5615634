#!/usr/bin/env node
// Runs the uploader's TypeScript directly through tsx: no build step that could go stale.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
