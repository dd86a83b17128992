/**
 * The size of the state where a cycle family starts (the Hopf point's steady state, or the
 * simulated orbit's state on its section; Euclidean norm), at least 1. The first orbit's distance
 * from the Hopf point (./hopf-start.ts) and the default steps along the family (./trace-cycles.ts)
 * are multiplied by it, and the period's unknown is measured in it, so that the steps are the same
 * fraction of the orbit's size whatever the units: a model in mV and pA (ik_eta, |x| about 50)
 * traces a family in about as many points as the dimensionless one (ik_nodim, |x| below 1, where
 * the scale is 1), not 50 times as many. 1 for a start that is not finite (which fails later,
 * with its reason).
 */
export function stepScale(start: readonly number[] | Float64Array): number {
  const size = Math.hypot(...start);
  return size > 1 && Number.isFinite(size) ? size : 1;
}
