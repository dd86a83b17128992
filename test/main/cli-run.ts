/**
 * Test helpers: run the built `meanfield` command (bin/meanfield.mjs) and collect its output, stop it
 * with Ctrl+C (in a terminal or by a signal), and parse its command line.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parseCommand, UsageError, type Command } from '../../src-main/cli/args';
import { ROOT } from './ensure-build';

export const BIN = join(ROOT, 'bin/meanfield.mjs');

/** `meanfield ...args` from the project folder: exit code (null when killed), stdout, stderr. */
export function meanfield(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 30 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * `meanfield ...args` in a real terminal (script(1) gives the CLI one, so it shows its progress
 * line), its standard output going to the file `out`; sends one Ctrl+C once the terminal's text
 * matches `ready`. Resolves when the command exits: its code, whether ^C was sent, and the terminal text.
 */
export function interruptInTerminal(args: string[], out: string, ready: RegExp): Promise<{ code: number | null; sent: boolean; terminal: string }> {
  const cli = [process.execPath, BIN, ...args].map((w) => `'${w}'`).join(' ');
  const child = spawn('script', ['-qfec', `${cli} > '${out}'`, '/dev/null'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let terminal = '';
  let sent = false;
  child.stdout.on('data', (d: Buffer) => {
    terminal += d.toString();
    if (!sent && ready.test(terminal)) {
      sent = true;
      child.stdin.write('\x03');
    }
  });
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('exit', (code) => done({ code, sent, terminal }));
  });
}

/** `meanfield ...args` sent SIGINT (Ctrl+C) after `ms` milliseconds; resolves when it closes, with what it wrote. */
export async function interruptAfter(ms: number, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  await new Promise((r) => setTimeout(r, ms));
  child.kill('SIGINT');
  const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
  return { code, stdout, stderr };
}

/** Parses `base` plus extra words as `meanfield` does; `refuse` expects a UsageError matching `message`. */
export function commandParser(base: readonly string[]): { parse(...extra: string[]): Command; refuse(extra: string[], message: RegExp): void } {
  const parse = (...extra: string[]) => parseCommand([...base, ...extra]);
  return {
    parse,
    refuse(extra, message) {
      expect(() => parse(...extra)).toThrow(UsageError);
      expect(() => parse(...extra)).toThrow(message);
    },
  };
}
