/**
 * CSV export of a family of limit cycles. Pure, no DOM.
 *
 * Columns: index (of the point; empty on a special-point row), the parameter (by name), period,
 * stable (1/0), min and max of each state over the orbit (`r_min`, `r_max`, ...), the Floquet
 * multipliers as re/im pairs (`mu1_re`, `mu1_im`, ...; the trivial one, near 1, first), then
 * `special` (the label, e.g. LPC1) and `info` ("multiplier=-1"; several separated by spaces).
 * Special points are rows of their own after the point just before them, so each sits at its
 * located position. Numbers in full precision (shortest text that reads back to the same double);
 * lines end with \n.
 */
import type { CycleBranch, CyclePoint } from '@shared/cycles/types';

function row(b: CycleBranch, index: string, q: CyclePoint, m: number, special: string, info: string): string {
  const cells = [index, String(q.p), String(q.period), q.stable ? '1' : '0'];
  b.stateNames.forEach((_, k) => cells.push(String(q.min[k]), String(q.max[k])));
  for (let j = 0; j < m; j++) {
    const mu = q.multipliers[j];
    cells.push(mu ? String(mu[0]) : '', mu ? String(mu[1]) : '');
  }
  cells.push(special, info);
  return cells.join(',');
}

export function cycleToCsv(b: CycleBranch): string {
  const m = Math.max(b.stateNames.length, ...b.points.map((q) => q.multipliers.length), ...b.special.map((s) => s.point.multipliers.length));
  const header = ['index', b.param, 'period', 'stable'];
  for (const n of b.stateNames) header.push(`${n}_min`, `${n}_max`);
  for (let j = 1; j <= m; j++) header.push(`mu${j}_re`, `mu${j}_im`);
  header.push('special', 'info');
  const after = new Map<number, CycleBranch['special']>();
  for (const s of b.special) after.set(s.index, [...(after.get(s.index) ?? []), s]);
  const lines = [header.join(',')];
  b.points.forEach((q, i) => {
    lines.push(row(b, String(i), q, m, '', ''));
    for (const s of after.get(i) ?? []) {
      const info = Object.entries(s.info)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      lines.push(row(b, '', s.point, m, s.label, info));
    }
  });
  return `${lines.join('\n')}\n`;
}
