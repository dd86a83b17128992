/**
 * Warnings of `meanfield simulate`: settings that run but likely not as meant. Each is one line for
 * standard error naming the option as typed; the run goes ahead.
 * - a --window that starts at or after the end of the run has no effect;
 * - --rtol / --atol are used only by adaptive methods, not by the fixed steps of euler / rk4;
 * - a fixed-step run of more than MANY_STEPS steps, with an estimate of its duration.
 */
import { sampleGrid, stepsToCover } from '@shared/simulation/grid';
import type { SimulationRequest } from '@shared/simulation/types';
import type { SimulateOptions } from './args';

/** Methods with a fixed step (--dt); the others adapt their step to --rtol / --atol. */
const FIXED_STEP = ['euler', 'rk4'] as const;
type FixedStep = (typeof FIXED_STEP)[number];
const isFixedStep = (method: string): method is FixedStep => (FIXED_STEP as readonly string[]).includes(method);

/**
 * Cost of one step on ik_nodim (4 state variables, fused kernels), measured with `npm run bench`:
 * 54 ns per rk4 step, 13 ns per euler step. Larger models cost more; this is an estimate.
 */
export const NS_PER_STEP: Record<FixedStep, number> = { euler: 13, rk4: 54 };

/** Fixed-step runs longer than this many steps get a warning with an estimate of the time. */
export const MANY_STEPS = 1e9;

/** `42 s`, `3.5 min`, `2.1 h`. */
export function duration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** The warnings for `request` (built from `opts`), one line each, without the `meanfield: ` prefix. */
export function simulateWarnings(request: SimulationRequest, opts: SimulateOptions): string[] {
  const warnings: string[] = [];
  const { solver } = request;
  const tStop = sampleGrid(solver).tStop;
  for (const w of opts.windows) {
    if (w.start >= solver.tEnd) {
      warnings.push(`warning: ${w.text}: starts at or after --t-end (${solver.tEnd}), so it has no effect`);
    } else if (w.start >= tStop) {
      warnings.push(
        `warning: ${w.text}: starts after the last sample time t = ${tStop} (where the run stops: --t-end ${solver.tEnd} rounded down to a multiple of --sample ${solver.sample}), so it has no effect`,
      );
    }
  }
  const method = solver.method;
  if (isFixedStep(method)) {
    for (const [option, given] of [
      ['--rtol', opts.rtol],
      ['--atol', opts.atol],
    ] as const) {
      if (given !== undefined) {
        warnings.push(`warning: ${option} is ignored by --method ${method}, which takes fixed steps of --dt; tolerances apply to --method dopri5`);
      }
    }
    const steps = stepsToCover(solver);
    if (steps > MANY_STEPS) {
      const seconds = steps * NS_PER_STEP[method] * 1e-9;
      warnings.push(
        `warning: --t-end ${solver.tEnd} with --dt ${solver.dt} is ${steps.toExponential(2)} ${method} steps, about ${duration(seconds)} ` +
          `(at ~${NS_PER_STEP[method]} ns per step, measured on ik_nodim); a larger --dt or --method dopri5 is faster`,
      );
    }
  }
  return warnings;
}
