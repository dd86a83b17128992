/**
 * "Simulate here" at a Hopf point: the settings that make its dynamics visible, and the note that
 * explains them. Pure, no DOM.
 *
 * At a Hopf point the critical pair of eigenvalues sits on the imaginary axis, so the steady state
 * neither attracts nor repels to first order (Kuznetsov, Elements of Applied Bifurcation Theory,
 * ch. 3.4): a nudge of 0.1 % oscillates with period 2π/ω at that tiny amplitude and looks flat.
 * The run therefore starts further off (HOPF_PERTURBATION), long enough to watch many periods
 * (HOPF_PERIODS): past a supercritical point the oscillation dies out slowly (algebraically, not
 * exponentially); at a subcritical one it grows away towards a distant state or a large cycle.
 */
import type { SpecialPoint } from '@shared/continuation/types';
import { niceUp } from './branch-series';
import { formatValue } from './format';

/** Relative nudge of the first state variable at a Hopf point (absolute when it is 0). */
export const HOPF_PERTURBATION = 0.05;
/** At least this many periods of the critical oscillation are simulated. */
export const HOPF_PERIODS = 30;
/** Samples kept at most when the window is lengthened (the sampling step grows to fit). */
export const MAX_SAMPLES = 100_000;

export interface HopfStart {
  /** Relative nudge of the first state variable. */
  perturbation: number;
  tEnd: number;
  sample: number;
  /** What the user sees next to the chart. */
  note: string;
}

/**
 * Settings for simulating at Hopf point `s` of a branch of `param`, given the form's T and
 * sampling step (kept when already long enough). Null for other points or when the period is
 * unknown (then the usual settings apply).
 */
export function hopfStart(
  s: Pick<SpecialPoint, 'type' | 'label' | 'p' | 'period' | 'criticality'>,
  param: string,
  first: string,
  tEnd: number,
  sample: number,
): HopfStart | null {
  if (s.type !== 'HB' || s.period === undefined || !Number.isFinite(s.period) || s.period <= 0) return null;
  const need = niceUp(HOPF_PERIODS * s.period);
  const T = Math.max(tEnd, need);
  const dtSample = Math.max(sample, niceUp(T / MAX_SAMPLES));
  const period = formatValue(s.period, 3);
  const what =
    s.criticality === 'supercritical'
      ? 'so the oscillation dies out only slowly here; the stable limit cycle is found just past the point, on the unstable side of the branch'
      : s.criticality === 'subcritical'
        ? 'and the unstable limit cycle shrinks onto the steady state here, so the oscillation grows away from it'
        : 'and the criticality is not decided at this order';
  const note =
    `${s.label} at ${param} = ${formatValue(s.p, 4)}: started from its steady state with ${first} raised by ` +
    `${HOPF_PERTURBATION * 100} %, over ${formatValue(T / s.period, 3)} periods (period ≈ ${period}). ` +
    `A Hopf point is neutral to first order (two eigenvalues on the imaginary axis), ${what}.`;
  return { perturbation: HOPF_PERTURBATION, tEnd: T, sample: dtSample, note };
}
