/**
 * What progress lines say while the engine works: the worker's progress bar (./job-kinds.ts) and
 * the CLI's line on a terminal use the same words.
 */

/**
 * A count with thousands separators ("12,345"), as toLocaleString('en') writes it, without loading
 * the locale data (its first call costs tens of milliseconds, a good part of a short job).
 */
export function grouped(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "t = 123.4 of 1000": what the progress bar says during a simulation. */
export function timeDetail(t: number, tEnd: number): string {
  return `t = ${Number(t.toPrecision(6))} of ${tEnd}`;
}

/** "120 points, g = 1.234": what the progress bar says during a trace. */
export function traceDetail(points: number, param: string, p: number): string {
  return `${grouped(points)} points, ${param} = ${Number(p.toPrecision(5))}`;
}
