/** `meanfield network`: options, messages naming the option, the CSV header, JSON with a raster, Ctrl+C. */
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuild } from './ensure-build';
import { interruptAfter, meanfield } from './cli-run';

const BASE = [
  'network',
  '--model',
  'ik_nodim',
  '--set',
  'g=1.5',
  '--input',
  'I_ext=0.15',
  '--t-end',
  '5',
  '--dt',
  '1e-3',
  '--sample',
  '0.5',
  '--neurons',
  '1500',
];

function rowsOf(csv: string): number[][] {
  return csv
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').map(Number));
}

beforeAll(() => ensureBuild(), 180_000);

describe('meanfield network', () => {
  it('writes CSV t,r,v,u,s sampled like a simulation, the same for any number of threads', () => {
    const one = meanfield(...BASE, '--threads', '1');
    expect(one.code).toBe(0);
    expect(one.stderr).toBe('');
    expect(one.stdout.startsWith('t,r,v,u,s\n')).toBe(true);
    const rows = rowsOf(one.stdout);
    expect(rows.map((r) => r[0])).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]);
    expect(rows.every((r) => r.length === 5 && r.every(Number.isFinite))).toBe(true);
    expect(Math.max(...rows.map((r) => r[1]))).toBeGreaterThan(0);
    expect(meanfield(...BASE, '--threads', '2').stdout).toBe(one.stdout);
    // Another seed (or none) changes the draws.
    const seeded = meanfield(...BASE, '--seed', '3').stdout;
    expect(seeded).not.toBe(one.stdout);
    expect(meanfield(...BASE, '--seed', '3').stdout).toBe(seeded);
  }, 60_000);

  it('writes JSON with the settings, statistics, columns and the raster', () => {
    const r = meanfield(...BASE, '--recovery', 'shared', '--raster', '50', '--format', 'json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.model).toBe('ik_nodim');
    expect(doc.settings.network).toEqual({ neurons: 1500, recovery: 'shared', rasterNeurons: 50 });
    expect(doc.settings.solver.method).toBe('euler');
    expect(doc.status).toBe('ok');
    expect(doc.stats.neurons).toBe(1500);
    expect(Object.keys(doc.columns)).toEqual(['t', 'r', 'v', 'u', 's']);
    expect(doc.raster.neurons).toHaveLength(50);
    expect(doc.raster.neuron.length).toBe(doc.raster.time.length);
    expect(doc.raster.neuron.length).toBeGreaterThan(0);
    expect(doc.raster.neuron.every((j: number) => doc.raster.neurons.includes(j))).toBe(true);
  }, 60_000);

  const cases: [string, string[], RegExp][] = [
    ['no neurons', BASE.slice(0, -2), /^meanfield: --neurons: required/],
    ['a fractional neuron count', [...BASE.slice(0, -1), '10.5'], /^meanfield: --neurons: must be a whole number from 1 to 10,000,000, got '10.5'$/],
    ['an unknown recovery', [...BASE, '--recovery', 'global'], /^meanfield: --recovery: must be individual .* or shared .*, got 'global'$/],
    ['a negative seed', [...BASE, '--seed', '-1'], /^meanfield: --seed: must be a whole number from 0 to 4,294,967,295, got '-1'$/],
    ['a raster in CSV', [...BASE, '--raster', '10'], /^meanfield: --raster: the spike raster is written with --format json only/],
    [
      'a model without a network',
      ['network', '--model', 'nope', '--t-end', '1', '--dt', '1e-3', '--neurons', '10'],
      /^meanfield: --model: unknown model 'nope'/,
    ],
    ['a reset for the reflecting model', [...BASE, '--v-reset', '-100'], /^meanfield: --v-reset: ik_nodim resets by reflection/],
    [
      'a reset above the peak',
      ['network', '--model', 'ik_eta', '--t-end', '1', '--dt', '1e-2', '--neurons', '10', '--v-peak', '30', '--v-reset', '40'],
      /^meanfield: --v-reset: must be a finite number below the peak \(30\) \(got 40\)$/,
    ],
    [
      'a sample step off the grid',
      [...BASE.slice(0, 11), '--sample', '0.0015', '--neurons', '10'],
      /^meanfield: --sample: must be a multiple of --dt for euler \(0.0015 is 1.5 steps of 0.001\)$/,
    ],
    ['an unknown parameter', [...BASE, '--set', 'gg=1'], /^meanfield: --set gg=1: unknown parameter 'gg' for ik_nodim/],
    ['an option of simulate only', [...BASE, '--method', 'rk4'], /^meanfield: unknown option '--method' for network/],
  ];
  it.each(cases)('rejects %s with a line naming the option (exit 2)', (_what, args, message) => {
    const r = meanfield(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr.trimEnd()).toMatch(message);
  });

  it('has help naming its options', () => {
    const r = meanfield('help', 'network');
    expect(r.code).toBe(0);
    for (const option of ['--neurons', '--recovery individual|shared', '--seed', '--threads', '--raster', 't,r,v,u,s']) expect(r.stdout).toContain(option);
    expect(meanfield('--help').stdout).toMatch(/meanfield network --model NAME/);
  });

  it('stops on Ctrl+C with the samples so far and says so (exit 130)', async () => {
    // 5 s in: samples exist by then even on a busy machine; the whole run needs minutes.
    const { code, stdout, stderr } = await interruptAfter(5000, ...BASE.slice(0, 7), '--t-end', '1e4', '--dt', '1e-3', '--sample', '1', '--neurons', '4000');
    expect(code).toBe(130);
    expect(stderr).toMatch(/^meanfield: interrupted: Cancelled at t = [0-9.]+; the samples up to there are kept\n$/);
    expect(stdout.startsWith('t,r,v,u,s\n')).toBe(true);
    const rows = rowsOf(stdout);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.at(-1)![0]).toBeLessThan(1e4);
  }, 60_000);
});
