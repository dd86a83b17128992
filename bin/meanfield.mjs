#!/usr/bin/env node
// The `meanfield` command: runs the built CLI (out/main/cli.js, made by `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  process.stderr.write(`meanfield: the command is not built yet: run \`npm run build\` in ${root}\n`);
  process.exit(1);
}
const argv = process.argv.slice(2);
const { runCli, v8FlagsFor, processIo } = await import(cli.href);
const flags = v8FlagsFor(argv);
if (flags !== null) (await import('node:v8')).setFlagsFromString(flags);
// runCli's default streams (looked up only when written to).
process.exitCode = await runCli(argv, processIo());
