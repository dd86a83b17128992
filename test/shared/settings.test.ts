/**
 * The settings lists are the one description of each setting: their defaults are the defaults in
 * use, every bound they state is the bound the validator enforces (a value just inside is
 * accepted, just outside refused under the setting's own field), and every CLI option they name
 * is one the command line documents.
 */
import { describe, expect, it } from 'vitest';
import { CONTINUATION_CLI, CONTINUATION_SETTINGS } from '@shared/continuation/settings';
import { DEFAULT_CONTINUATION, type ContinuationRequest } from '@shared/continuation/types';
import { validateContinuation } from '@shared/continuation/validate';
import { getTemplate } from '@shared/models/templates';
import { settingProblem, type NumericSetting } from '@shared/settings';
import { SOLVER_CLI, SOLVER_SETTINGS } from '@shared/simulation/settings';
import { DEFAULT_SOLVER, type SimulationRequest } from '@shared/simulation/types';
import { validateSimulation } from '@shared/simulation/validate';
import { CONTINUE_HELP, SIMULATE_HELP } from '../../src-main/cli/help';

const def = getTemplate('ik_nodim')!;

/** Values a setting's own bounds accept (inside) and refuse (outside, NaN and Infinity included). */
function probes(s: NumericSetting): { inside: number[]; outside: number[] } {
  const inside: number[] = [s.default];
  const outside: number[] = [NaN, Infinity];
  const max = s.max ?? Infinity;
  if (s.type === 'integer') {
    inside.push(s.min);
    outside.push(s.min - 1, s.default + 0.5);
    if (Number.isFinite(max)) {
      inside.push(max);
      outside.push(max + 1);
    }
  } else {
    const below = s.min === 0 ? -1e-300 : s.min * (1 - 1e-12);
    outside.push(below);
    (s.minOpen ? outside : inside).push(s.min);
    if (Number.isFinite(max)) {
      (s.maxOpen ? outside : inside).push(max);
      outside.push(max * (1 + 1e-12));
    }
  }
  return { inside, outside };
}

describe('continuation settings list', () => {
  const base: ContinuationRequest = {
    model: 'ik_nodim',
    params: {},
    initial: {},
    inputs: {},
    param: 'g',
    bounds: [0, 3],
    settings: { ...DEFAULT_CONTINUATION },
  };
  /** Settings where `key` = v and the others are chosen so no rule between settings is broken. */
  const withValue = (key: string, v: number) => {
    const settings = { ...DEFAULT_CONTINUATION, [key]: v };
    if (key === 'dsMin' && Number.isFinite(v) && v > 0) settings.dsMax = settings.ds = Math.max(v, settings.dsMax);
    if ((key === 'ds' || key === 'dsMax') && Number.isFinite(v) && v > 0) settings.dsMin = Math.min(v, DEFAULT_CONTINUATION.dsMin);
    return validateContinuation({ ...base, settings }, def);
  };

  it('gives the defaults and the keys, each documented', () => {
    expect(Object.keys(DEFAULT_CONTINUATION)).toEqual(CONTINUATION_SETTINGS.map((s) => s.key));
    for (const s of CONTINUATION_SETTINGS) {
      expect(DEFAULT_CONTINUATION[s.key]).toBe(s.default);
      expect(settingProblem(s, s.default)).toBeNull();
      expect(s.label.length * s.help.length).toBeGreaterThan(0);
    }
    expect(validateContinuation(base, def)).toEqual([]);
  });

  it.each(CONTINUATION_SETTINGS.map((s) => [s.key, s] as const))('%s: the stated bounds are the enforced ones', (key, s) => {
    const { inside, outside } = probes(s);
    for (const v of inside) expect(withValue(key, v), `${key} = ${v}`).toEqual([]);
    for (const v of outside)
      expect(
        withValue(key, v).map((i) => i.field),
        `${key} = ${v}`,
      ).toEqual([`settings.${key}`]);
  });

  it('names only options the continue command documents', () => {
    expect(Object.keys(CONTINUATION_CLI).length).toBeGreaterThan(0);
    for (const option of Object.values(CONTINUATION_CLI)) expect(CONTINUE_HELP).toContain(`${option} `);
  });
});

describe('solver settings list', () => {
  const base: SimulationRequest = { model: 'ik_nodim', params: {}, initial: {}, inputs: {}, solver: { ...DEFAULT_SOLVER, method: 'dopri5', tEnd: 10 } };
  /** dopri5 (which reads rtol and atol), with dt = sample when one of them is probed. */
  const withValue = (key: string, v: number) => {
    const solver = { ...base.solver, [key]: v };
    if ((key === 'dt' || key === 'sample') && Number.isFinite(v) && v > 0) solver.dt = solver.sample = Math.min(v, 1);
    if (key === 'cutoff' && Number.isFinite(v) && v > 0) solver.cutoff = Math.min(v, 1);
    return validateSimulation({ ...base, solver }, def);
  };

  it('gives the numeric defaults, each documented', () => {
    for (const s of SOLVER_SETTINGS) {
      expect(DEFAULT_SOLVER[s.key]).toBe(s.default);
      expect(settingProblem(s, s.default)).toBeNull();
      expect(s.label.length * s.help.length).toBeGreaterThan(0);
    }
    expect(Object.keys(DEFAULT_SOLVER).sort()).toEqual(['method', ...SOLVER_SETTINGS.map((s) => s.key)].sort());
    expect(validateSimulation({ ...base, solver: DEFAULT_SOLVER }, def)).toEqual([]);
  });

  it.each(SOLVER_SETTINGS.map((s) => [s.key, s] as const))('%s: the stated lower bound is the enforced one', (key, s) => {
    const { inside, outside } = probes(s);
    for (const v of inside) expect(withValue(key, v), `${key} = ${v}`).toEqual([]);
    for (const v of outside)
      expect(
        withValue(key, v).map((i) => i.field),
        `${key} = ${v}`,
      ).toEqual([`solver.${key}`]);
  });

  it('names only options the simulate command documents', () => {
    for (const option of Object.values(SOLVER_CLI)) expect(SIMULATE_HELP).toContain(`${option} `);
  });
});
