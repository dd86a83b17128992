/**
 * CSV export of runs. Pure, no DOM.
 *
 * Layout: one joined time grid. Column 1 is `t` (the sorted union of the runs' sample times, see
 * series.ts); then, for each run in order, one column per state variable headed
 * `<variable> [<run label>]`. A cell is empty where that run has no sample at that t (runs with
 * different grids); with identical grids every cell is filled. Numbers are written in full precision
 * (shortest text that reads back to the same double). Fields are quoted per RFC 4180 when needed and
 * lines end with \n.
 */
import { alignColumn, joinGrids, type RunData } from './series';

export interface CsvRun {
  label: string;
  data: RunData;
}

function field(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function runsToCsv(runs: readonly CsvRun[]): string {
  const grid = joinGrids(runs.map((r) => r.data.t));
  const n = grid.x.length;
  const header = ['t'];
  const cols: ArrayLike<number | undefined>[] = [];
  runs.forEach((run, k) => {
    run.data.names.forEach((name, c) => {
      header.push(field(`${name} [${run.label}]`));
      cols.push(alignColumn(run.data.columns[c], grid.positions[k], n));
    });
  });
  const lines = new Array<string>(n + 1);
  lines[0] = header.join(',');
  const row = new Array<string>(cols.length + 1);
  for (let i = 0; i < n; i++) {
    row[0] = String(grid.x[i]);
    for (let c = 0; c < cols.length; c++) {
      const v = cols[c][i];
      row[c + 1] = v === undefined ? '' : String(v);
    }
    lines[i + 1] = row.join(',');
  }
  return `${lines.join('\n')}\n`;
}
