/**
 * The security gate (scripts/security-gate.mjs) judges the main window's real options: it scans a
 * literal replica of them next to the build, so an insecure value fails it. Runs the linter on the
 * real build (about 8 s a run): once with the app's options, once with insecure ones.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { mainWindowOptions } from '../../src-main/security';
import { ensureBuild, PRELOAD_CJS, ROOT } from './ensure-build';

interface AllowEntry {
  file: string;
  check: string;
  sample: string;
  reason: string;
}
interface GateModule {
  gate(outDir?: string, options?: { windowOptions?: unknown }): Promise<number>;
  windowReplicaSource(windowOptions: unknown): string;
  ALLOWED: AllowEntry[];
  WINDOW_REPLICA: string;
}

/** The window checks the replica must carry unallowed. */
const WINDOW_CHECKS = ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'AUXCLICK_JS_CHECK', 'WEB_SECURITY_JS_CHECK'];

let mod: GateModule;

/** Runs the gate on the real build, returning its exit code and what it printed. */
async function runGate(windowOptions?: unknown): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const code = await mod.gate(join(ROOT, 'out'), windowOptions === undefined ? {} : { windowOptions });
  vi.restoreAllMocks();
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  ensureBuild();
  mod = (await import(pathToFileURL(join(ROOT, 'scripts/security-gate.mjs')).href)) as GateModule;
});

afterEach(() => vi.restoreAllMocks());

describe('the window options replica', () => {
  it('writes the options as an object literal and refuses values a literal cannot carry', () => {
    const options = mainWindowOptions(PRELOAD_CJS, true);
    const src = mod.windowReplicaSource(options);
    expect(src).toContain('new BrowserWindow({');
    expect(src).toContain('"contextIsolation": true');
    expect(src).toContain('"sandbox": true');
    const literal = src.slice(src.indexOf('new BrowserWindow(') + 'new BrowserWindow('.length, src.lastIndexOf(')'));
    expect(JSON.parse(literal)).toEqual(options);
    expect(() => mod.windowReplicaSource({ webPreferences: { sandbox: () => true } })).toThrow(/webPreferences\.sandbox/);
    expect(() => mod.windowReplicaSource({ webPreferences: { sandbox: undefined } })).toThrow(/webPreferences\.sandbox/);
  });

  it('allows none of the window checks on the replica', () => {
    const onReplica = mod.ALLOWED.filter((a) => a.file === mod.WINDOW_REPLICA).map((a) => a.check);
    for (const check of WINDOW_CHECKS) expect(onReplica).not.toContain(check);
  });
});

describe('the security gate over the built app', () => {
  it('passes with the window options of src-main/security.ts, having scanned the replica', async () => {
    const { code, out, err } = await runGate();
    expect(err).toBe('');
    expect(code).toBe(0);
    // The replica's preload line is reported (and allowed): the linter did read the replica.
    expect(out).toMatch(/allowed: PRELOAD_JS_CHECK out\/main\/window-options\.replica\.js:/);
  });

  it('fails on contextIsolation, sandbox or webSecurity turned off, naming each check on the replica', async () => {
    const real = mainWindowOptions(PRELOAD_CJS, true);
    const insecure = {
      ...real,
      webPreferences: { ...real.webPreferences, contextIsolation: false, sandbox: false, webSecurity: false },
    };
    const { code, err } = await runGate(insecure);
    expect(code).not.toBe(0);
    expect(err).toMatch(/security gate: FAILED/);
    expect(err).toMatch(/HIGH CONTEXT_ISOLATION_JS_CHECK out\/main\/window-options\.replica\.js:\d+/);
    expect(err).toMatch(/MEDIUM SANDBOX_JS_CHECK out\/main\/window-options\.replica\.js:\d+/);
    expect(err).toMatch(/MEDIUM WEB_SECURITY_JS_CHECK out\/main\/window-options\.replica\.js:\d+/);
    // Nothing else failed: the verdict comes from the replica alone.
    const failing = err.split('\n').filter((l) => /^ {2}(HIGH|MEDIUM) /.test(l));
    expect(failing).toHaveLength(3);
  });
});
