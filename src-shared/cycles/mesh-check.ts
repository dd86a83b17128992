/**
 * The discretisation's self-check on a family of cycles: for an exact periodic orbit one Floquet
 * multiplier is exactly 1 (the orbit's own direction). When the mesh (NTST intervals of NCOL
 * collocation points) is too coarse for an orbit, e.g. the fast jumps of a slow-fast cycle, that
 * multiplier drifts away from 1, and the computed stability, the other multipliers and the special
 * points found there belong to the discretisation, not to the model. unresolvedStretch finds where
 * that happens along a family and says so in words a user can act on (raise NTST).
 */
import type { CycleBranch } from './types';

const fmt = (x: number): string => String(Number(x.toPrecision(7)));

/**
 * Largest |trivial multiplier - 1| of an orbit taken as resolved. The engine uses it to switch off
 * the period-doubling and torus tests on unresolved orbits; at the default mesh the families of the
 * templates stay below 1e-4.
 */
export const TRIVIAL_LIMIT = 0.05;

export interface MeshWarning {
  /** The range of the parameter over the points whose trivial multiplier is off (from <= to). */
  from: number;
  to: number;
  /** The largest |trivial multiplier - 1| there. */
  worst: number;
  /** Labels of the special points inside that stretch. */
  labels: string[];
  /** The warning (what is wrong, where); the caller adds how to raise NTST in its own words. */
  text: string;
}

/** Where the family's orbits are not resolved by its mesh, or null when every point passes the check. */
export function unresolvedStretch(branch: Pick<CycleBranch, 'param' | 'points' | 'special' | 'ntst' | 'ncol'>): MeshWarning | null {
  let from = Infinity;
  let to = -Infinity;
  let worst = 0;
  const bad = new Set<number>();
  branch.points.forEach((q, i) => {
    // NaN (no multipliers computed) counts as unresolved too.
    if (q.trivialError <= TRIVIAL_LIMIT) return;
    bad.add(i);
    from = Math.min(from, q.p);
    to = Math.max(to, q.p);
    worst = Number.isFinite(q.trivialError) ? Math.max(worst, q.trivialError) : worst;
  });
  if (bad.size === 0) return null;
  // A special point lies between points index and index + 1; it is suspect when either end is.
  const labels = branch.special.filter((s) => s.type !== 'UZ' && (bad.has(s.index) || bad.has(s.index + 1))).map((s) => s.label);
  const where = from === to ? `at ${branch.param} = ${fmt(from)}` : `for ${branch.param} from ${fmt(from)} to ${fmt(to)}`;
  const which = labels.length === 0 ? '' : `, ${labels.join(', ')}`;
  const text =
    `The mesh (NTST ${branch.ntst}, NCOL ${branch.ncol}) does not resolve the orbits ${where} (${bad.size} of ${branch.points.length} points): ` +
    `${worst > 0 ? `the trivial Floquet multiplier, exactly 1 for a true orbit, is off by up to ${worst.toPrecision(2)}` : 'the Floquet multipliers could not be computed'} there, ` +
    `so the stability, the multipliers${which} there are not to be trusted.`;
  return { from, to, worst, labels, text };
}
