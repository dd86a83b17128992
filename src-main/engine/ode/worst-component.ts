import type { Vec } from '../compiled-model';

/**
 * The index of the component with the largest scaled error in `est` (its first n entries), a
 * non-finite one first: the variable that forced an adaptive step size down. Shared by the
 * adaptive steppers (./dopri5.ts, ./rodas4.ts) for their blow-up messages.
 */
export function worstComponent(est: Vec, n: number): number {
  let worst = 0;
  let max = -1;
  for (let i = 0; i < n; i++) {
    const e = Math.abs(est[i]);
    if (!(e <= max)) {
      if (!Number.isFinite(e)) return i;
      worst = i;
      max = e;
    }
  }
  return worst;
}
