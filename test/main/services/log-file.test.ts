import { EventEmitter } from 'node:events';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeError, installCrashLogging, LogFile } from '../../../src-main/services/log-file';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'meanfield-log-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const fixedClock = () => new Date('2025-01-02T03:04:05.000Z');

describe('LogFile', () => {
  it('creates its folder and appends time-stamped entries with the error stack indented', () => {
    const log = new LogFile({ dir: join(dir, 'logs'), now: fixedClock });
    log.write('warn', 'first');
    const e = new Error('the engine exploded');
    log.write('error', 'second', e);
    const text = readFileSync(log.path, 'utf8');
    expect(log.path).toBe(join(dir, 'logs', 'main.log'));
    expect(text.startsWith('2025-01-02T03:04:05.000Z WARN first\n2025-01-02T03:04:05.000Z ERROR second\n    Error: the engine exploded\n')).toBe(true);
    expect(text).toContain('    at ');
    // A later instance (the next start) appends.
    new LogFile({ dir: join(dir, 'logs'), now: fixedClock }).write('info', 'third');
    expect(readFileSync(log.path, 'utf8').endsWith('INFO third\n')).toBe(true);
  });

  it('rotates at the size cap and keeps only `keep` old files', () => {
    const maxBytes = 4096;
    const log = new LogFile({ dir, maxBytes, keep: 2 });
    const line = 'x'.repeat(200);
    for (let i = 0; i < 200; i++) log.write('error', `${i} ${line}`);
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['main.log', 'main.log.1', 'main.log.2']);
    for (const f of files) expect(statSync(join(dir, f)).size).toBeLessThanOrEqual(maxBytes);
    // The newest entry is in main.log, older ones in .1 then .2, with nothing lost in between.
    const numbers = (f: string) => [...readFileSync(join(dir, f), 'utf8').matchAll(/ERROR (\d+) /g)].map((m) => Number(m[1]));
    const all = [...numbers('main.log.2'), ...numbers('main.log.1'), ...numbers('main.log')];
    expect(all.at(-1)).toBe(199);
    for (let i = 1; i < all.length; i++) expect(all[i]).toBe(all[i - 1] + 1);
  });

  it('cuts a huge entry instead of letting it blow the cap', () => {
    const log = new LogFile({ dir, maxBytes: 8192 });
    log.write('error', 'big', new Error('y'.repeat(1_000_000)));
    log.write('error', 'é'.repeat(100_000));
    expect(statSync(log.path).size).toBeLessThanOrEqual(8192);
    expect(readFileSync(log.path, 'utf8')).toContain('(entry cut)');
  });

  it('never throws when the log cannot be written', () => {
    const blocker = join(dir, 'not-a-dir');
    writeFileSync(blocker, 'x');
    const log = new LogFile({ dir: join(blocker, 'logs') });
    expect(() => log.write('error', 'lost')).not.toThrow();
    expect(() => log.write('error', 'lost again')).not.toThrow();
    if (process.getuid?.() !== 0) {
      const ro = join(dir, 'ro');
      new LogFile({ dir: ro }).write('info', 'ok');
      chmodSync(ro, 0o500);
      chmodSync(join(ro, 'main.log'), 0o400);
      expect(() => new LogFile({ dir: ro }).write('error', 'refused')).not.toThrow();
      chmodSync(ro, 0o700);
    }
  });
});

describe('describeError', () => {
  it('describes errors, strings and odd values without throwing', () => {
    expect(describeError(new TypeError('bad'))).toMatch(/^TypeError: bad/);
    expect(describeError('plain')).toBe('plain');
    expect(describeError({ a: 1 })).toBe('{"a":1}');
    expect(describeError(undefined)).toBe('undefined');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(describeError(cyclic)).toBe('[object Object]');
    expect(describeError(10n)).toBe('[object BigInt]');
    expect(describeError('z'.repeat(100_000)).length).toBeLessThan(20_000);
  });
});

describe('installCrashLogging', () => {
  it('logs uncaught exceptions, unhandled rejections and console errors and warnings', () => {
    const log = new LogFile({ dir, now: fixedClock });
    const proc = new EventEmitter();
    const shown: unknown[][] = [];
    const con = { error: (...a: unknown[]) => void shown.push(a), warn: (...a: unknown[]) => void shown.push(a) };
    installCrashLogging(log, proc as never, con);

    proc.emit('uncaughtException', new RangeError('stack blown'));
    proc.emit('unhandledRejection', 'a promise nobody awaited');
    con.error('api.exportFile failed:', new Error('disk full'));
    con.warn('Refused api.listModels from https://evil.example/');

    const text = readFileSync(log.path, 'utf8');
    expect(text).toContain('ERROR Uncaught exception in the main process\n    RangeError: stack blown');
    expect(text).toContain('ERROR Unhandled rejection in the main process\n    a promise nobody awaited');
    expect(text).toContain('ERROR api.exportFile failed: Error: disk full');
    expect(text).toContain('WARN Refused api.listModels from https://evil.example/');
    // The console still shows everything, and the process keeps its listeners (it does not exit).
    expect(shown.length).toBe(4);
    expect(proc.listenerCount('uncaughtException')).toBe(1);
    expect(existsSync(log.path)).toBe(true);
  });
});
