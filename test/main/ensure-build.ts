/**
 * Test helper: makes sure out/ holds a build of the current sources (the `npm test` script builds
 * first; a direct `vitest run` rebuilds when a built file is missing or older than a source).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
export const WORKER_JS = join(ROOT, 'out/main/worker.js');
export const CLI_CJS = join(ROOT, 'out/cli/cli.cjs');
export const CODE_CACHE = join(ROOT, 'out/cli/cli.cjs.cache');
export const PRELOAD_CJS = join(ROOT, 'out/preload/preload.cjs');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function isStale(): boolean {
  const files = [WORKER_JS, CLI_CJS, CODE_CACHE, PRELOAD_CJS];
  if (!files.every(existsSync)) return true;
  const built = Math.min(...files.map((f) => statSync(f).mtimeMs));
  return ['src-main', 'src-shared'].some((d) => newestMtime(join(ROOT, d)) > built);
}

/** Builds (`npm run build`) when the build is missing or older than the sources. */
export function ensureBuild(): void {
  if (!isStale()) return;
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 180_000 });
}
