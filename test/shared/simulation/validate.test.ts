/**
 * Validation of simulation requests: each refusal names its field with a clear message; garbage of
 * any shape is reported, never thrown.
 */
import { describe, expect, it } from 'vitest';
import { getTemplate } from '@shared/models/templates';
import type { ModelDef } from '@shared/models/types';
import { defaultRequest } from '@shared/simulation/defaults';
import { DEFAULT_SOLVER, type FieldIssue, type SimulationRequest } from '@shared/simulation/types';
import { checkSimulationRequestShape, validateSimulation } from '@shared/simulation/validate';

const def = getTemplate('ik_nodim') as ModelDef;

/** The seed request with `change` applied to a deep copy. */
function req(change: (r: SimulationRequest) => void = () => {}): SimulationRequest {
  const r: SimulationRequest = {
    model: 'ik_nodim',
    params: { g: 1.5 },
    initial: { r: 0.01 },
    inputs: { I_ext: { kind: 'schedule', baseline: 0.15, windows: [{ start: 400, stop: 600, value: 0 }] } },
    solver: { ...DEFAULT_SOLVER },
  };
  change(r);
  return r;
}

/** The issues of a request, as `field: message` lines. */
const issues = (r: unknown): string[] => validateSimulation(r as SimulationRequest, def).map((i) => `${i.field}: ${i.message}`);

describe('validateSimulation', () => {
  it('accepts the seed request and the defaults for every method', () => {
    expect(issues(req())).toEqual([]);
    for (const method of ['euler', 'rk4', 'dopri5', 'rodas4', 'auto'] as const) {
      expect(issues(defaultRequest(def, { method }))).toEqual([]);
    }
  });

  const cases: [string, (r: SimulationRequest) => void, string, RegExp][] = [
    ['dt <= 0', (r) => (r.solver.dt = 0), 'solver.dt', /must be > 0 \(got 0\)/],
    ['T <= 0', (r) => (r.solver.tEnd = -5), 'solver.tEnd', /must be > 0/],
    ['sample < dt', (r) => (r.solver.sample = 1e-4), 'solver.sample', /must be >= dt/],
    ['NaN', (r) => (r.solver.dt = NaN), 'solver.dt', /must be a finite number \(got NaN\)/],
    ['Infinity', (r) => (r.solver.tEnd = Infinity), 'solver.tEnd', /finite/],
    ['a non-number', (r) => ((r.solver as unknown as Record<string, unknown>).sample = '0.01'), 'solver.sample', /must be a number/],
    ['unknown parameter', (r) => (r.params.gg = 1), 'params.gg', /^unknown parameter 'gg' \(ik_nodim has: Delta, tau, eta, alpha, g,/],
    ['unknown state', (r) => (r.initial.w = 1), 'initial.w', /unknown state variable 'w' \(ik_nodim has: r, v, u, s\)/],
    ['unknown input', (r) => (r.inputs.I_x = { kind: 'schedule', baseline: 0, windows: [] }), 'inputs.I_x', /unknown input 'I_x' \(ik_nodim has: I_ext\)/],
    ['a parameter outside its domain', (r) => (r.params.tau = 0), 'params.tau', /^tau must be > 0 \(got 0\)$/],
    ['a negative nonnegative parameter', (r) => (r.params.Delta = -0.1), 'params.Delta', /Delta must be >= 0/],
    ['a non-finite parameter', (r) => (r.params.g = NaN), 'params.g', /finite/],
    ['a non-finite initial value', (r) => (r.initial.v = -Infinity), 'initial.v', /finite/],
    [
      'a window with stop <= start',
      (r) => (r.inputs.I_ext = { kind: 'schedule', baseline: 0, windows: [{ start: 5, stop: 5, value: 1 }] }),
      'inputs.I_ext.windows[0].stop',
      /must be greater than start \(5\)/,
    ],
    [
      'a negative window time',
      (r) => (r.inputs.I_ext = { kind: 'schedule', baseline: 0, windows: [{ start: -1, stop: 5, value: 1 }] }),
      'inputs.I_ext.windows[0].start',
      /must be >= 0/,
    ],
    [
      'a non-finite window value',
      (r) => (r.inputs.I_ext = { kind: 'schedule', baseline: 0, windows: [{ start: 1, stop: 5, value: NaN }] }),
      'inputs.I_ext.windows[0].value',
      /finite/,
    ],
    ['a non-finite baseline', (r) => (r.inputs.I_ext = { kind: 'schedule', baseline: Infinity, windows: [] }), 'inputs.I_ext.baseline', /finite/],
    [
      'a short array input',
      (r) => (r.inputs.I_ext = { kind: 'array', values: [0.1, 0.2] }),
      'inputs.I_ext.values',
      /has 2 values but the run needs 2,000,000 \(one per step of dt = 0.0005 up to t = 1000\)/,
    ],
    [
      'a non-finite array value',
      (r) => (r.inputs.I_ext = { kind: 'array', values: new Float64Array(2_000_000).fill(NaN, 7, 9) }),
      'inputs.I_ext.values[7]',
      /finite/,
    ],
    ['sample not a multiple of dt (fixed step)', (r) => (r.solver.sample = 0.0012), 'solver.sample', /must be a multiple of dt for rk4/],
    ['rtol <= 0 for dopri5', (r) => Object.assign(r.solver, { method: 'dopri5', rtol: 0 }), 'solver.rtol', /must be > 0/],
    ['atol <= 0 for dopri5', (r) => Object.assign(r.solver, { method: 'dopri5', atol: -1 }), 'solver.atol', /must be > 0/],
    [
      'an unknown method',
      (r) => ((r.solver as unknown as Record<string, unknown>).method = 'rk45'),
      'solver.method',
      /unknown method 'rk45' \(use euler, rk4, dopri5, rodas4 or auto\)/,
    ],
    ['rtol below 10 units of roundoff for rodas4', (r) => Object.assign(r.solver, { method: 'rodas4', rtol: 1e-16 }), 'solver.rtol', /at least 2\.2e-15/],
    ['atol <= 0 for auto', (r) => Object.assign(r.solver, { method: 'auto', atol: 0 }), 'solver.atol', /must be > 0/],
    [
      'too much output',
      (r) => Object.assign(r.solver, { tEnd: 1e5, sample: 0.001, dt: 0.001 }),
      'solver.sample',
      /^would produce 500,000,005 values, more than the limit of 50,000,000; increase solver.sample or shorten solver.tEnd$/,
    ],
    ['a cutoff after the last sample', (r) => (r.solver.cutoff = 2000), 'solver.cutoff', /drops every sample/],
    ['a sample step longer than the run', (r) => (r.solver.sample = 2000), 'solver.sample', /must be <= tEnd/],
    ['a wrong model name', (r) => (r.model = 'ik_eta'), 'model', /'ik_eta'/],
  ];

  it.each(cases)('refuses %s', (_what, change, field, message) => {
    const found = validateSimulation(req(change), def);
    const issue = found.find((i: FieldIssue) => i.field === field);
    expect(issue, JSON.stringify(found)).toBeDefined();
    expect(issue?.message).toMatch(message);
  });

  it('accepts a sample that is a multiple of dt up to rounding, and any sample >= dt for dopri5', () => {
    expect(issues(req((r) => Object.assign(r.solver, { dt: 0.1, sample: 0.3 })))).toEqual([]);
    for (const method of ['dopri5', 'rodas4', 'auto'] as const) expect(issues(req((r) => Object.assign(r.solver, { method, sample: 0.0012 })))).toEqual([]);
  });

  it('accepts an array input covering exactly the run', () => {
    const r = req((q) => {
      q.solver = { ...q.solver, tEnd: 1, sample: 0.1, dt: 0.01 };
      q.inputs.I_ext = { kind: 'array', values: new Array(100).fill(0.1) };
    });
    expect(issues(r)).toEqual([]);
    r.inputs.I_ext = { kind: 'array', values: new Array(99).fill(0.1) };
    expect(issues(r)).toEqual(['inputs.I_ext.values: has 99 values but the run needs 100 (one per step of dt = 0.01 up to t = 1)']);
  });

  it('reports several problems at once', () => {
    const found = issues(req((r) => Object.assign(r.solver, { dt: -1, tEnd: 0 })));
    expect(found.length).toBe(2);
  });
});

describe('checkSimulationRequestShape', () => {
  const garbage: unknown[] = [
    null,
    undefined,
    42,
    'ik_nodim',
    true,
    [],
    [1, 2],
    {},
    { model: 1 },
    { model: 'ik_nodim', params: [], initial: null, inputs: 3, solver: 'rk4' },
    { model: 'ik_nodim', params: { g: '1' }, initial: { r: null }, inputs: { I_ext: null }, solver: {} },
    { model: 'ik_nodim', params: {}, initial: {}, inputs: { I_ext: { kind: 'ramp' } }, solver: { method: 3 } },
    { model: 'ik_nodim', params: {}, initial: {}, inputs: { I_ext: { kind: 'array', values: 'abc' } }, solver: DEFAULT_SOLVER },
    { model: 'ik_nodim', params: {}, initial: {}, inputs: { I_ext: { kind: 'array', values: [1, 'x'] } }, solver: DEFAULT_SOLVER },
    {
      model: 'ik_nodim',
      params: {},
      initial: {},
      inputs: { I_ext: { kind: 'schedule', baseline: 0, windows: [null, { start: 'a' }] } },
      solver: DEFAULT_SOLVER,
    },
    { model: 'ik_nodim', params: {}, initial: {}, inputs: { I_ext: { kind: 'schedule', baseline: 0, windows: {} } }, solver: DEFAULT_SOLVER },
    JSON.parse('{"model":"ik_nodim","params":{"__proto__":{"g":1}},"initial":{},"inputs":{},"solver":{}}'),
  ];

  it.each(garbage.map((g) => [JSON.stringify(g) ?? String(g), g]))('reports %s without throwing', (_label, g) => {
    const shape = checkSimulationRequestShape(g);
    expect(shape.length).toBeGreaterThan(0);
    expect(validateSimulation(g as SimulationRequest, def)).toEqual(shape);
    for (const issue of shape) expect(typeof issue.field === 'string' && issue.message.length > 0).toBe(true);
  });

  it('names the nested field at fault', () => {
    const fields = checkSimulationRequestShape(garbage[14]).map((i) => i.field);
    expect(fields).toEqual(['inputs.I_ext.windows[0]', 'inputs.I_ext.windows[1].start', 'inputs.I_ext.windows[1].stop', 'inputs.I_ext.windows[1].value']);
  });

  it('never throws on random JSON values', () => {
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const leaves = [0, -1, 1e308, 'x', '', true, null, NaN, Infinity, 'schedule', 'array', 'rk4', 'dopri5'];
    const keys = [
      'model',
      'params',
      'initial',
      'inputs',
      'solver',
      'kind',
      'values',
      'windows',
      'baseline',
      'start',
      'stop',
      'value',
      'method',
      'dt',
      'tEnd',
      'sample',
      'g',
      'I_ext',
      'r',
      '__proto__',
      'constructor',
    ];
    const value = (depth: number): unknown => {
      const u = rand();
      if (depth > 4 || u < 0.4) return leaves[Math.floor(rand() * leaves.length)];
      if (u < 0.55) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(rand() * 6); i > 0; i--) o[keys[Math.floor(rand() * keys.length)]] = value(depth + 1);
      return o;
    };
    for (let i = 0; i < 3000; i++) {
      const v = i % 2 === 0 ? value(0) : { ...req(), ...(value(1) as object) };
      expect(() => validateSimulation(v as SimulationRequest, def)).not.toThrow();
    }
  });
});
