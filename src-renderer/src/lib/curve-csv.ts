/**
 * CSV export of a two-parameter curve. Pure, no DOM.
 *
 * Columns: index (of the curve point; empty on a special-point row), P, Q (by name), one column per
 * state, on Hopf curves kappa (omega^2) and omega (empty at neutral saddles), then `special` (the
 * label, e.g. GH1) and `coefficients` ("l2=-0.41"; several separated by spaces). Special points are
 * rows of their own, after the curve point just before them, so each sits at its located position.
 * Numbers in full precision (shortest text that reads back to the same double); lines end with \n.
 */
import type { Curve, CurvePoint } from '@shared/curves/types';

function row(curve: Curve, index: string, q: CurvePoint, special: string, coefficients: string): string {
  const cells = [index, String(q.params[0]), String(q.params[1]), ...q.state.map(String)];
  if (curve.type === 'hopf') cells.push(q.kappa === undefined ? '' : String(q.kappa), q.omega === null || q.omega === undefined ? '' : String(q.omega));
  cells.push(special, coefficients);
  return cells.join(',');
}

export function curveToCsv(curve: Curve): string {
  const header = ['index', curve.params[0], curve.params[1], ...curve.stateNames];
  if (curve.type === 'hopf') header.push('kappa', 'omega');
  header.push('special', 'coefficients');
  const after = new Map<number, Curve['special']>();
  for (const s of curve.special) after.set(s.index, [...(after.get(s.index) ?? []), s]);
  const lines = [header.join(',')];
  curve.points.forEach((q, i) => {
    lines.push(row(curve, String(i), q, '', ''));
    for (const s of after.get(i) ?? []) {
      const coefficients = Object.entries(s.coefficients)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      lines.push(row(curve, '', s.point, s.label, coefficients));
    }
  });
  return `${lines.join('\n')}\n`;
}
