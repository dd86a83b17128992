/**
 * The pieces of `meanfield continue --cycles` that need no trace: the JSON and CSV of families that
 * could not be started or traced, and when a Hopf point's family counts as one traced before
 * (../../src-main/cli/cycles.ts sameFamily).
 */
import { describe, expect, it } from 'vitest';
import type { Branch, ContinuationRequest, SpecialPoint } from '@shared/continuation/types';
import { DEFAULT_CONTINUATION } from '@shared/continuation/types';
import type { CycleBranch, CyclePoint, CycleRequest } from '@shared/cycles/types';
import { sameFamily } from '../../src-main/cli/cycles';
import { cycleBranchesJson, cyclesCsv, type CycleRun } from '../../src-main/cli/cycles-output';

const request = (label: string, p: number, state = [1, 2]): CycleRequest => ({
  model: 'm',
  param: 'g',
  values: {},
  start: { label, state, p, omega: 1 },
  bounds: [0, 3],
  settings: {},
});
const cont: ContinuationRequest = { model: 'm', params: {}, initial: {}, inputs: {}, param: 'g', bounds: [0, 3], settings: { ...DEFAULT_CONTINUATION } };
const point = (p: number, min: number[], max: number[]): CyclePoint => ({
  p,
  period: 10,
  stable: true,
  multipliers: [
    [1, 0],
    [0.5, 0],
  ],
  trivialError: 0,
  min,
  max,
  start: min,
});
const hopf = (label: string, p: number): SpecialPoint =>
  ({ type: 'HB', label, p, x: [1, 2], index: 0, eigenvalues: [], converged: true, description: '' }) as SpecialPoint;
const eqBranch = { special: [hopf('HB1', 0.5), hopf('HB2', 2), hopf('HB3', 2.1)] } as unknown as Branch;
const family = (endReason: 'hopf' | 'bound', pEnd: number, last: CyclePoint): CycleBranch => ({
  from: 'HB1',
  param: 'g',
  stateNames: ['x', 'y'],
  values: {},
  ntst: 80,
  ncol: 4,
  points: [point(0.5, [1, 2], [1, 2]), last],
  special: [],
  ends: [
    { reason: 'hopf', p: 0.5, message: 'born' },
    { reason: endReason, p: pEnd, message: 'end' },
  ],
});

describe('cycle branches that could not be traced', () => {
  const runs: CycleRun[] = [
    { request: request('HB1', 0.5), error: 'The cycle settings are invalid. ntst: must be a whole number.' },
    {
      request: request('HB2', 2),
      result: { status: 'noStart', message: 'no start', branch: null, stats: { points: 0, wallMs: 1, iterations: 0, factorizations: 0 } },
    },
  ];

  it('are listed in the JSON with their status, reason, no points and ends null', () => {
    const entries = JSON.parse('[{}' + [...cycleBranchesJson(runs)].join('') + ']').slice(1) as Record<string, unknown>[];
    expect(entries.map((e) => [e.kind, e.from, e.status, e.points, e.ends])).toEqual([
      ['cycle', 'HB1', 'failed', [], null],
      ['cycle', 'HB2', 'noStart', [], null],
    ]);
    expect(entries[0].message).toMatch(/ntst/);
    expect(entries[1].message).toBe('no start');
  });

  it('say why in the CSV comments and give no rows', () => {
    const csv = [...cyclesCsv(cont, ['x', 'y'], runs)].join('');
    expect(csv).toMatch(/^# HB1: cycles born at g = 0.5: not traced: The cycle settings are invalid/m);
    expect(csv).toMatch(/^# HB2: cycles born at g = 2: not traced: no start$/m);
    expect(csv.split('\n').filter((l) => l !== '' && !l.startsWith('#'))).toEqual([
      'branch,type,p,period,stable,min_x,min_y,max_x,max_y,mu1_re,mu1_im,mu2_re,mu2_im,trivial_error,converged',
    ]);
  });
});

describe('sameFamily', () => {
  const small = point(1.999, [0.99, 1.99], [1.01, 2.01]);

  it('is true for the Hopf point the family shrinks back to', () => {
    expect(sameFamily(family('hopf', 2.0001, small), request('HB2', 2), eqBranch)).toBe(true);
  });

  it('is false when the family ends otherwise, nearer another Hopf point, too far away, or around another state', () => {
    expect(sameFamily(family('bound', 2.0001, small), request('HB2', 2), eqBranch)).toBe(false);
    expect(sameFamily(family('hopf', 2.07, small), request('HB2', 2), eqBranch)).toBe(false);
    expect(sameFamily(family('hopf', 2.04, point(2.039, [0.99, 1.99], [1.01, 2.01])), request('HB2', 2), eqBranch)).toBe(false);
    expect(sameFamily(family('hopf', 2.0001, small), request('HB2', 2, [1, 5]), eqBranch)).toBe(false);
  });
});
