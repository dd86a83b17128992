#!/usr/bin/env node
// The `meanfield` command: runs the built CLI (out/cli/cli.cjs, made by `npm run build`, loaded with
// its code cache by ./load-cli.mjs).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CLI_CJS, loadCli } from './load-cli.mjs';

if (!existsSync(CLI_CJS)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  process.stderr.write(`meanfield: the command is not built yet: run \`npm run build\` in ${root}\n`);
  process.exit(1);
}
const argv = process.argv.slice(2);
const { runCli, v8FlagsFor, processIo } = loadCli().cli;
const flags = v8FlagsFor(argv);
if (flags !== null) (await import('node:v8')).setFlagsFromString(flags);
// runCli's default streams (looked up only when written to).
process.exitCode = await runCli(argv, processIo());
