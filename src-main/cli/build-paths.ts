/**
 * Where the command finds the scripts it starts on worker threads: the Electron main build's
 * worker.js and network-worker.js, in out/main, next to out/cli where the command itself is built
 * (scripts/build-cli.mjs).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The main build's script `name` (e.g. worker.js), from the built command's folder. */
export function mainBuildScript(name: string): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'main', name);
}
