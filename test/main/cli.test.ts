import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTemplate, TEMPLATES } from '@shared/models/templates';
import type { SimulationRequest, SimulationResult } from '@shared/simulation/types';
import { DEFAULT_SOLVER } from '@shared/simulation/types';
import { compileModel } from '../../src-main/engine/compile';
import { simulate } from '../../src-main/engine/simulate';
import { ensureBuild } from './ensure-build';
import { BIN, interruptAfter, meanfield } from './cli-run';

/** The seed's command line, shortened to T = 50 (its window moved inside the run). */
const SEED = [
  'simulate',
  '--model',
  'ik_nodim',
  '--set',
  'g=1.5',
  '--input',
  'I_ext=0.15',
  '--window',
  'I_ext:20:30=0',
  '--t-end',
  '50',
  '--dt',
  '5e-4',
  '--sample',
  '0.01',
  '--method',
  'rk4',
];

/** The same run in this process. */
function seedInProcess(): SimulationResult {
  const def = getTemplate('ik_nodim')!;
  const request: SimulationRequest = {
    model: 'ik_nodim',
    params: { g: 1.5 },
    initial: {},
    inputs: { I_ext: { kind: 'schedule', baseline: 0.15, windows: [{ start: 20, stop: 30, value: 0 }] } },
    solver: { ...DEFAULT_SOLVER, method: 'rk4', tEnd: 50, dt: 5e-4, sample: 0.01 },
  };
  return simulate(compileModel(def), request, { onProgress: () => {}, isCancelled: () => false });
}

function parseCsv(text: string): { header: string[]; rows: number[][] } {
  const lines = text.trimEnd().split('\n');
  return { header: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',').map(Number)) };
}

let tmp = '';
beforeAll(() => {
  ensureBuild();
  tmp = mkdtempSync(join(tmpdir(), 'meanfield-cli-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('meanfield models / help', () => {
  it('lists every template with its parameters, defaults and units', () => {
    const r = meanfield('models');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    for (const t of TEMPLATES) {
      expect(r.stdout).toContain(`${t.name} (version ${t.version})`);
      for (const p of t.params) expect(r.stdout).toMatch(new RegExp(`\\n\\s+${p.name}\\s+${String(p.default).replace(/[.+-]/g, '\\$&')}\\s`));
    }
  });

  it('prints help', () => {
    const general = meanfield('--help');
    expect(general.code).toBe(0);
    expect(general.stdout).toContain('meanfield simulate');
    const simulateHelp = meanfield('help', 'simulate');
    expect(simulateHelp.code).toBe(0);
    for (const option of [
      '--model',
      '--set',
      '--init',
      '--input',
      '--window',
      '--t-end',
      '--dt',
      '--sample',
      '--method',
      '--rtol',
      '--atol',
      '--format',
      '--out',
    ]) {
      expect(simulateHelp.stdout).toContain(option);
    }
    expect(meanfield('simulate', '--help').stdout).toBe(simulateHelp.stdout);
  });
});

describe('meanfield simulate', () => {
  it('prints the seed example as CSV, equal to an in-process run', () => {
    const r = meanfield(...SEED);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const { header, rows } = parseCsv(r.stdout);
    const local = seedInProcess();
    expect(header).toEqual(['t', 'r', 'v', 'u', 's']);
    expect(rows.length).toBe(local.t.length);
    expect(rows.length).toBe(5001);
    const cols = [local.t, ...local.columns];
    for (let i = 0; i < rows.length; i++) {
      expect(rows[i].length).toBe(5);
      for (let c = 0; c < 5; c++) if (rows[i][c] !== cols[c][i]) expect(rows[i][c], `row ${i} column ${header[c]}`).toBe(cols[c][i]);
    }
  });

  it('writes JSON with the settings used, statistics and columns', () => {
    const r = meanfield(...SEED, '--format', 'json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const local = seedInProcess();
    expect(doc.model).toBe('ik_nodim');
    expect(doc.status).toBe('ok');
    expect(doc.settings.params.g).toBe(1.5);
    expect(doc.settings.params.tau).toBe(getTemplate('ik_nodim')!.params.find((p) => p.name === 'tau')!.default);
    expect(doc.settings.inputs.I_ext).toEqual({ kind: 'schedule', baseline: 0.15, windows: [{ start: 20, stop: 30, value: 0 }] });
    expect(doc.settings.solver).toMatchObject({ method: 'rk4', tEnd: 50, dt: 5e-4, sample: 0.01 });
    expect(doc.stats.steps).toBe(local.stats.steps);
    expect(Object.keys(doc.columns)).toEqual(['t', 'r', 'v', 'u', 's']);
    expect(doc.columns.t).toEqual(Array.from(local.t));
    expect(doc.columns.v).toEqual(Array.from(local.columns[1]));
  });

  it('writes --out to a file and nothing to stdout', () => {
    const file = join(tmp, 'seed.csv');
    const r = meanfield(...SEED, '--out', file);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toBe(meanfield(...SEED).stdout);
  });

  it('defaults the sample step to dt and the method to rk4', () => {
    const r = meanfield('simulate', '--model', 'ik_nodim', '--t-end', '1', '--dt', '0.25', '--format', 'json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.settings.solver).toMatchObject({ method: 'rk4', sample: 0.25 });
    expect(doc.columns.t).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('runs the stiff case tau = 1e-6 with --method rodas4 and auto in few steps', () => {
    const stiff = ['simulate', '--model', 'ik_nodim', '--set', 'tau=1e-6', '--t-end', '10', '--dt', '0.1', '--format', 'json'];
    const rodas = JSON.parse(meanfield(...stiff, '--method', 'rodas4').stdout);
    const auto = JSON.parse(meanfield(...stiff, '--method', 'auto').stdout);
    for (const doc of [rodas, auto]) {
      expect(doc.status).toBe('ok');
      expect(doc.stats.steps).toBeLessThan(1e4);
      expect(doc.columns.t.length).toBe(101);
    }
    expect(rodas.message).toMatch(/^rodas4: /);
    expect(auto.message).toMatch(/^auto: dopri5, switched to rodas4 at t = /);
  });

  it('prints the partial data of a run that blows up and exits 1', () => {
    const r = meanfield('simulate', '--model', 'ik_nodim', '--init', 'v=50', '--t-end', '10', '--dt', '1e-3', '--sample', '1e-3');
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines.length).toBe(1);
    expect(lines[0]).toMatch(/^meanfield: .*non-finite.*t = .*try a smaller --dt/);
    const { header, rows } = parseCsv(r.stdout);
    expect(header).toEqual(['t', 'r', 'v', 'u', 's']);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.at(-1)![0]).toBeLessThan(10);
  });

  it('a window whose edges are off the step grid acts as with dopri5 (edges are exact times)', () => {
    const args = ['simulate', '--model', 'ik_nodim', '--window', 'I_ext:100.05:100.123=5', '--t-end', '110', '--dt', '0.01', '--sample', '0.1'];
    const rk4 = parseCsv(meanfield(...args, '--method', 'rk4').stdout).rows;
    const dopri5 = parseCsv(meanfield(...args, '--method', 'dopri5', '--rtol', '1e-12', '--atol', '1e-14').stdout).rows;
    expect(rk4).toHaveLength(1101);
    expect(dopri5).toHaveLength(1101);
    let worst = 0;
    rk4.forEach((row, k) => row.forEach((x, j) => (worst = Math.max(worst, Math.abs(x - dopri5[k][j])))));
    // With the stop moved to the grid (100.13), r was off by 2e-2.
    expect(worst).toBeLessThan(1e-7);
    expect(meanfield('help', 'simulate').stdout).toMatch(/edges are exact times \(not moved to the step grid\)/);
  });

  it('stops cleanly on Ctrl+C with the data so far', async () => {
    // Ctrl+C after 5 s: the command has set up its handler by then even on a busy machine, and the run needs minutes.
    const { code, stdout, stderr } = await interruptAfter(5000, 'simulate', '--model', 'ik_nodim', '--t-end', '4e5', '--dt', '5e-4', '--sample', '1');
    expect(code).toBe(130);
    expect(stderr).toMatch(/^meanfield: interrupted: /);
    const { header, rows } = parseCsv(stdout);
    expect(header).toEqual(['t', 'r', 'v', 'u', 's']);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.at(-1)![0]).toBeLessThan(4e5);
  });
});

describe('meanfield rejects bad arguments with one line naming the option', () => {
  const base = ['simulate', '--model', 'ik_nodim', '--t-end', '10', '--dt', '1e-3'];
  const cases: [string, string[], RegExp][] = [
    ['a non-number dt', ['simulate', '--model', 'ik_nodim', '--t-end', '10', '--dt', 'abc'], /^meanfield: --dt: must be a positive number, got 'abc'$/],
    ['a negative end time', ['simulate', '--model', 'ik_nodim', '--t-end', '-5', '--dt', '1e-3'], /^meanfield: --t-end: must be a positive number, got '-5'$/],
    ['an unknown parameter', [...base, '--set', 'gg=1'], /^meanfield: --set gg=1: unknown parameter 'gg' for ik_nodim \(parameters: Delta, .*\)$/],
    ['an input given as a parameter', [...base, '--set', 'I_ext=1'], /^meanfield: --set I_ext=1: unknown parameter .*use --input I_ext=BASELINE$/],
    ['a non-number value', [...base, '--set', 'g=fast'], /^meanfield: --set g=fast: VALUE must be a number, got 'fast'$/],
    ['an unknown variable', [...base, '--init', 'x=1'], /^meanfield: --init x=1: unknown state variable 'x'/],
    ['an unknown input', [...base, '--window', 'I_syn:1:2=0'], /^meanfield: --window I_syn:1:2=0: unknown input 'I_syn'/],
    ['a malformed window', [...base, '--window', 'I_ext:1=0'], /^meanfield: --window I_ext:1=0: expected NAME:START:STOP=VALUE/],
    ['an unknown model', ['simulate', '--model', 'hh', '--t-end', '10', '--dt', '1e-3'], /^meanfield: --model: unknown model 'hh' \(models: ik_nodim, /],
    ['an unknown method', [...base, '--method', 'rk45'], /^meanfield: --method: must be euler, rk4, dopri5, rodas4 or auto, got 'rk45'$/],
    ['an unknown format', [...base, '--format', 'xml'], /^meanfield: --format: must be csv or json, got 'xml'$/],
    ['an unknown option', [...base, '--tend', '5'], /^meanfield: unknown option '--tend' for simulate/],
    ['a missing option', ['simulate', '--model', 'ik_nodim', '--dt', '1e-3'], /^meanfield: --t-end: required/],
    ['a missing value', [...base, '--sample'], /^meanfield: --sample: missing value$/],
    ['a repeated option', [...base, '--dt', '1e-2'], /^meanfield: --dt: given more than once$/],
    ['a sample step below dt', [...base, '--sample', '1e-4'], /^meanfield: --sample: /],
    ['a window starting before t = 0', [...base, '--window', 'I_ext:-1:3=1'], /^meanfield: --window I_ext:-1:3=1 \(START\): must be >= 0/],
    ['a model-breaking parameter', [...base, '--set', 'tau=0'], /^meanfield: --set tau: /],
    ['an unknown command', ['simulat'], /^meanfield: unknown command 'simulat'/],
    ['no command', [], /^meanfield: missing command/],
  ];
  it.each(cases)('%s', (_label, args, expected) => {
    const r = meanfield(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(expected);
  });
});

describe('bin/meanfield.mjs without a build', () => {
  it('says to run npm run build', () => {
    const fake = join(tmp, 'fresh-clone');
    mkdirSync(join(fake, 'bin'), { recursive: true });
    copyFileSync(BIN, join(fake, 'bin/meanfield.mjs'));
    copyFileSync(join(dirname(BIN), 'load-cli.mjs'), join(fake, 'bin/load-cli.mjs'));
    const r = spawnSync(process.execPath, [join(fake, 'bin/meanfield.mjs'), 'models'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/run `npm run build`/);
  });
});
