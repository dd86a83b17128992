#!/usr/bin/env node
// The `meanfield` command: runs the built CLI (out/main/cli.js, made by `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  process.stderr.write(`meanfield: the command is not built yet: run \`npm run build\` in ${root}\n`);
  process.exit(1);
}
const argv = process.argv.slice(2);
// `continue --cycles` traces its cycle families on an engine worker: started here, before the
// command's code loads, it loads the engine meanwhile. The command adopts it (its workerData is
// ENGINE_WORKER_DATA of src-main/engine/worker-protocol.ts); unused, it ends with the process.
let engineWorker;
let engineExited = false;
if (argv[0] === 'continue' && argv.includes('--cycles')) {
  engineWorker = new Worker(new URL('../out/main/worker.js', import.meta.url), { workerData: { role: 'meanfield-engine' } });
  engineWorker.unref();
  // Until adopted, a failed start only means the command starts a worker of its own.
  engineWorker.on('error', () => undefined);
  engineWorker.once('exit', () => (engineExited = true));
}
const { runCli, v8FlagsFor, processIo } = await import(cli.href);
const flags = v8FlagsFor(argv);
if (flags !== null) (await import('node:v8')).setFlagsFromString(flags);
// runCli's default streams (looked up only when written to), with the worker started above.
process.exitCode = await runCli(argv, Object.assign(processIo(), { engineWorker: engineExited ? undefined : engineWorker }));
