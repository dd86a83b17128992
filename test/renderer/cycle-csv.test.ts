/** The CSV of a family of limit cycles: header, one row per orbit, special points as rows of their own in place, full precision. */
import { describe, expect, it } from 'vitest';
import { cycleToCsv } from '../../src-renderer/src/lib/cycle-csv';
import { cycleBranch } from './cycle-fixtures';

describe('cycleToCsv', () => {
  it('writes every orbit and the special points after the point before them, numbers reading back exactly', () => {
    const b = cycleBranch();
    const lines = cycleToCsv(b).trimEnd().split('\n');
    expect(lines[0]).toBe('index,g,period,stable,r_min,r_max,v_min,v_max,mu1_re,mu1_im,mu2_re,mu2_im,special,info');
    expect(lines).toHaveLength(1 + b.points.length + b.special.length);
    // Point 4, then LPC1 (index 4), then point 5, 6, PD1 (index 6), ...
    expect(lines.slice(5, 10).map((l) => l.split(',')[0] || l.split(',').at(-2))).toEqual(['4', 'LPC1', '5', '6', 'PD1']);
    const q = b.points[3];
    const row = lines[4].split(',');
    expect(row.slice(0, 4)).toEqual(['3', String(q.p), String(q.period), '1']);
    expect(Number(row[4])).toBe(q.min[0]);
    expect(Number(row[7])).toBe(q.max[1]);
    expect(Number(row[10])).toBe(q.multipliers[1][0]);
    const pd = lines[9].split(',');
    expect(pd[0]).toBe('');
    expect(pd.at(-1)).toBe('multiplier=-1');
    expect(pd[3]).toBe('0');
    expect(lines[6].split(',')[1]).toBe(String(b.special[0].point.p));
  });
});
