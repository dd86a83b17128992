/** Test helper: runs the built `meanfield` command (bin/meanfield.mjs) and collects its output. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './ensure-build';

export const BIN = join(ROOT, 'bin/meanfield.mjs');

/** `meanfield ...args` from the project folder: exit code (null when killed), stdout, stderr. */
export function meanfield(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 30 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
