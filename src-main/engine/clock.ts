/**
 * The engine's clock: milliseconds from an arbitrary origin, monotonic, for deadlines, the pacing
 * of progress reports and the wall times in results.
 *
 * In Node the global `performance` is made on its first use, which loads Node's performance hooks:
 * about 3-4 ms in a fresh `meanfield` process, a tenth of a whole first trace. process.hrtime is
 * there from the start, so the engine reads that where it exists (Node, its worker threads,
 * Electron's main process) and `performance.now()` elsewhere.
 */
const hrtime = (globalThis as { process?: { hrtime?: () => [number, number] } }).process?.hrtime;

/** Milliseconds on a monotonic clock (differences only). */
export const clockMs: () => number =
  typeof hrtime === 'function'
    ? () => {
        const t = hrtime();
        return t[0] * 1e3 + t[1] * 1e-6;
      }
    : () => performance.now();
