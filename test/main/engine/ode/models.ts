/**
 * Small hand-written models with known solutions for the integrator tests: each is a ModelDef (so
 * requests validate against it) plus a CompiledModel whose rhs is written out by hand.
 */
import type { CompiledModel, Vec } from '../../../../src-main/engine/compiled-model';
import type { ModelDef } from '@shared/models/types';
import { DEFAULT_SOLVER, type InputSpec, type SimulationRequest, type SolverSettings } from '@shared/simulation/types';

const info = (name: string) => ({ name, latex: name, description: name, unit: '' });

interface Spec {
  name: string;
  states: [string, number][];
  params?: [string, number, ('positive' | 'nonnegative' | 'nonzero')?][];
  inputs?: [string, number][];
  rhs(y: Vec, p: Vec, dy: Vec): void;
  /** Exact Jacobian, row-major (needed by rodas4 and auto). */
  jacobian?(y: Vec, p: Vec, out: Vec): void;
}

export function handModel(spec: Spec): CompiledModel {
  const params = spec.params ?? [];
  const inputs = spec.inputs ?? [];
  const def: ModelDef = {
    name: spec.name,
    version: 1,
    title: spec.name,
    description: spec.name,
    states: spec.states.map(([name, initial]) => ({ ...info(name), initial })),
    params: params.map(([name, d, domain]) => ({ ...info(name), default: d, ...(domain ? { domain } : {}) })),
    inputs: inputs.map(([name, d]) => ({ ...info(name), default: d })),
    definitions: [],
    equations: spec.states.map(([name]) => ({ state: name, rhs: '0', latex: '' })),
  };
  return {
    def,
    stateNames: spec.states.map(([n]) => n),
    paramNames: [...params.map(([n]) => n), ...inputs.map(([n]) => n)],
    nParams: params.length,
    rhs: spec.rhs,
    jacobian:
      spec.jacobian ??
      (() => {
        throw new Error('not needed');
      }),
    paramJacobian() {
      throw new Error('not needed');
    },
  };
}

/** y' = -k y, y(0) = 1: y(t) = exp(-k t). */
export const decay = handModel({
  name: 'decay',
  states: [['y', 1]],
  params: [['k', 1, 'positive']],
  rhs: (y, p, dy) => {
    dy[0] = -p[0] * y[0];
  },
  jacobian: (_y, p, out) => {
    out[0] = -p[0];
  },
});

/** x' = v, v' = -w^2 x, (x, v)(0) = (1, 0): x = cos(w t), v = -w sin(w t). */
export const oscillator = handModel({
  name: 'oscillator',
  states: [
    ['x', 1],
    ['v', 0],
  ],
  params: [['w', 1]],
  rhs: (y, p, dy) => {
    dy[0] = y[1];
    dy[1] = -p[0] * p[0] * y[0];
  },
  jacobian: (_y, p, out) => {
    out[0] = 0;
    out[1] = 1;
    out[2] = -p[0] * p[0];
    out[3] = 0;
  },
});

/** y' = I(t), y(0) = 0: y(t) is the integral of the input. */
export const integrator = handModel({
  name: 'integrator',
  states: [['y', 0]],
  inputs: [['I', 0]],
  rhs: (_y, p, dy) => {
    dy[0] = p[0];
  },
  jacobian: (_y, _p, out) => {
    out[0] = 0;
  },
});

/** y' = y^2, y(0) = 1: y = 1/(1 - t), blows up at t = 1. */
export const quadratic = handModel({
  name: 'quadratic',
  states: [['y', 1]],
  rhs: (y, _p, dy) => {
    dy[0] = y[0] * y[0];
  },
  jacobian: (y, _p, out) => {
    out[0] = 2 * y[0];
  },
});

/** y' = 1/y from y(0) = 0: the slope is infinite at the initial state. */
export const reciprocal = handModel({
  name: 'reciprocal',
  states: [['y', 0]],
  rhs: (y, _p, dy) => {
    dy[0] = 1 / y[0];
  },
  jacobian: (y, _p, out) => {
    out[0] = -1 / (y[0] * y[0]);
  },
});

/** A request for `model` with the given solver settings (defaults elsewhere). */
export function request(
  model: CompiledModel,
  solver: Partial<SolverSettings>,
  extra: { params?: Record<string, number>; initial?: Record<string, number>; inputs?: Record<string, InputSpec> } = {},
): SimulationRequest {
  return {
    model: model.def.name,
    params: extra.params ?? {},
    initial: extra.initial ?? {},
    inputs: extra.inputs ?? {},
    solver: { ...DEFAULT_SOLVER, ...solver },
  };
}

/** Least-squares slope of log(err) against log(h). */
export function logSlope(h: number[], err: number[]): number {
  const x = h.map(Math.log);
  const y = err.map(Math.log);
  const mx = x.reduce((s, v) => s + v, 0) / x.length;
  const my = y.reduce((s, v) => s + v, 0) / y.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < x.length; i++) {
    num += (x[i] - mx) * (y[i] - my);
    den += (x[i] - mx) ** 2;
  }
  return num / den;
}

/**
 * Prothero–Robinson (HW II, IV.15 / VI): y' = L (y - cos s) - sin s with s' = 1 carrying time as a
 * state, y(0) = 1: y = cos t whatever L; stiff for L = -1e6.
 */
export const protheroRobinson = handModel({
  name: 'prothero_robinson',
  states: [
    ['y', 1],
    ['s', 0],
  ],
  params: [['L', -1e6]],
  rhs: (y, p, dy) => {
    dy[0] = p[0] * (y[0] - Math.cos(y[1])) - Math.sin(y[1]);
    dy[1] = 1;
  },
  jacobian: (y, p, out) => {
    out[0] = p[0];
    out[1] = p[0] * Math.sin(y[1]) - Math.cos(y[1]);
    out[2] = 0;
    out[3] = 0;
  },
});

/**
 * A stiff linear system: x' = -x, z' = K (x - z), x(0) = 1, z(0) = K/(K - 1): eigenvalues -1 and
 * -K; started on the slow manifold, x = exp(-t), z = K/(K - 1) exp(-t).
 */
export const stiffLinear = handModel({
  name: 'stiff_linear',
  states: [
    ['x', 1],
    ['z', 1e6 / (1e6 - 1)],
  ],
  params: [['K', 1e6, 'positive']],
  rhs: (y, p, dy) => {
    dy[0] = -y[0];
    dy[1] = p[0] * (y[0] - y[1]);
  },
  jacobian: (_y, p, out) => {
    out[0] = -1;
    out[1] = 0;
    out[2] = p[0];
    out[3] = -p[0];
  },
});

/** y' = P(s) = sum_k coef[k] s^k with s' = 1: the solution is a polynomial of degree len(coef). */
export function polynomialModel(coef: number[]) {
  return handModel({
    name: 'polynomial',
    states: [
      ['y', 0],
      ['s', 0],
    ],
    rhs: (y, _p, dy) => {
      let v = 0;
      for (let k = coef.length - 1; k >= 0; k--) v = v * y[1] + coef[k];
      dy[0] = v;
      dy[1] = 1;
    },
    jacobian: (y, _p, out) => {
      let d = 0;
      for (let k = coef.length - 1; k >= 1; k--) d = d * y[1] + k * coef[k];
      out[0] = 0;
      out[1] = d;
      out[2] = 0;
      out[3] = 0;
    },
  });
}
