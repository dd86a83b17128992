/**
 * The scale of the steps along a cycle family: the size of the state where the family starts (the
 * Hopf point's steady state, or the simulated orbit's state on its section; Euclidean norm), or a
 * fifth of the size of the parameter's value there if that is larger, and at least 1. The default
 * steps (./trace-cycles.ts) are multiplied by it and the period's unknown is measured in it, so
 * that a step is about the same fraction of the orbit, or of the parameter, whatever the units:
 * a model in mV and pA (ik_eta, |x| about 50) traces a family in about as many points as the
 * dimensionless ik_nodim (|x| and its parameters of order 1, where the scale is 1), not 50 times
 * as many; so does a model whose parameter is large and its states small (Jansen-Rit: u about 90,
 * |x| about 0.03; 90 points, not 1140). 1 for a start that is not finite (which fails later, with
 * its reason).
 */
export function stepScale(start: readonly number[] | Float64Array, param = 0): number {
  const size = Math.max(stateSize(start), Math.abs(param) / PARAM_FRACTION);
  return Number.isFinite(size) ? size : 1;
}

/** A fifth: with the default largest step (0.2 times the scale), the parameter moves by at most 4% of its value per step. */
const PARAM_FRACTION = 5;

/** The size of a state, at least 1 (the first orbit's distance from the Hopf point is measured in it: ./hopf-start.ts). */
export function stateSize(start: readonly number[] | Float64Array): number {
  const size = Math.hypot(...start);
  return size > 1 && Number.isFinite(size) ? size : 1;
}
