import { describe, expect, it } from 'vitest';
import { runsToCsv } from '../../src-renderer/src/lib/csv';

const data = (t: number[], cols: Record<string, number[]>) => ({
  t: Float64Array.from(t),
  names: Object.keys(cols),
  columns: Object.values(cols).map((c) => Float64Array.from(c)),
});

/** Minimal RFC 4180 line splitter for the checks below. */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

describe('runsToCsv', () => {
  it('writes t and every variable of every run, full precision, one row per sample', () => {
    const a = data([0, 0.1, 0.2], { r: [1 / 3, 0.5, 2e-17], v: [-1, -2, -3] });
    const b = data([0, 0.1, 0.2], { r: [4, 5, 6], v: [7, 8, 9] });
    const csv = runsToCsv([
      { label: 'g = 0.5', data: a },
      { label: 'g = 1.5, dt = 0.001', data: b },
    ]);
    const lines = csv.trimEnd().split('\n');
    expect(lines.length).toBe(4);
    expect(splitCsvLine(lines[0])).toEqual(['t', 'r [g = 0.5]', 'v [g = 0.5]', 'r [g = 1.5, dt = 0.001]', 'v [g = 1.5, dt = 0.001]']);
    const row1 = splitCsvLine(lines[1]).map(Number);
    expect(row1).toEqual([0, 1 / 3, -1, 4, 7]);
    expect(Number(splitCsvLine(lines[3])[1])).toBe(2e-17);
    expect(csv.endsWith('\n')).toBe(true);
  });

  it('joins different grids and leaves cells empty where a run has no sample', () => {
    const a = data([0, 1, 2], { r: [10, 11, 12] });
    const b = data([0, 2, 4], { r: [20, 22, 24] });
    const lines = runsToCsv([
      { label: 'a', data: a },
      { label: 'b "quoted"', data: b },
    ])
      .trimEnd()
      .split('\n');
    expect(splitCsvLine(lines[0])).toEqual(['t', 'r [a]', 'r [b "quoted"]']);
    expect(lines.slice(1)).toEqual(['0,10,20', '1,11,', '2,12,22', '4,,24']);
  });
});
