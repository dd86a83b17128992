/**
 * The built command line's V8 code cache (out/cli/cli.cjs.cache, made by scripts/code-cache.mjs):
 * a fresh process takes it (V8 would silently ignore a cache made under other flags or for another
 * file, and every command would compile its functions again), and a command gives the same output
 * with it as without.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuild, ROOT } from './ensure-build';

beforeAll(() => ensureBuild());

/**
 * Runs `argv` in a fresh process loaded with or without the cache, and with the command's V8 flags
 * set after loading as bin/meanfield.mjs sets them, or without: whether the cache was taken, the
 * exit code and output.
 */
function run(cache: boolean, argv: string[], flags = false): { cacheTaken: boolean; code: number; out: string } {
  const loader = pathToFileURL(join(ROOT, 'bin/load-cli.mjs')).href;
  const script = `
    import { Writable } from 'node:stream';
    const { loadCli } = await import(${JSON.stringify(loader)});
    const { cli, cacheTaken } = loadCli({ cache: ${cache} });
    const flags = ${flags} ? cli.v8FlagsFor(${JSON.stringify(argv)}) : null;
    if (flags !== null) (await import('node:v8')).setFlagsFromString(flags);
    let out = '';
    const sink = new Writable({ write: (c, _e, done) => { out += c; done(); } });
    const code = await cli.runCli(${JSON.stringify(argv)}, { stdout: sink, stderr: sink });
    process.stdout.write(JSON.stringify({ cacheTaken, code, out }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { cacheTaken: boolean; code: number; out: string };
}

describe('the command line code cache', () => {
  it('is taken by a fresh process, and a trace writes the same output with it as without', () => {
    const argv = ['continue', '--model', 'ik_eta', '--param', 'eta', '--from', '-20', '--to', '20', '--format', 'csv'];
    const cached = run(true, argv);
    const plain = run(false, argv);
    expect(cached.cacheTaken).toBe(true);
    expect(plain.cacheTaken).toBe(false);
    expect(cached.code).toBe(0);
    expect(cached.out.split('\n').length).toBeGreaterThan(100);
    expect(cached.out).toBe(plain.out);
  });

  it("is taken under the command's V8 flags, set after loading, and the flags leave every number of a trace as it was", () => {
    const argv = ['continue', '--model', 'ik_nodim', '--param', 'g', '--from', '0', '--to', '3', '--input', 'I_ext=0.15', '--format', 'csv'];
    const flagged = run(true, argv, true);
    const plain = run(true, argv, false);
    expect(flagged.cacheTaken).toBe(true);
    expect(flagged.code).toBe(0);
    expect(flagged.out).toMatch(/^HB1,/m);
    expect(flagged.out).toBe(plain.out);
  });
});
