/** Exit codes of `meanfield`, and the code a finished run ends with. */
import type { Writable } from 'node:stream';
import type { SimulationStatus } from '@shared/simulation/types';
import { optionWords } from './options';

export const EXIT_OK = 0;
/** A blow-up or an engine failure. */
export const EXIT_FAILED = 1;
/** Bad arguments or settings. */
export const EXIT_USAGE = 2;
/** Ctrl+C. */
export const EXIT_INTERRUPTED = 130;

/**
 * The exit code of a simulation or network run whose output was written: 1 after a blow-up and 130
 * when it was cancelled (each saying so on stderr), else 0.
 */
export function runExit(result: { status: SimulationStatus; message: string }, stderr: Writable): number {
  if (result.status === 'blowup') {
    stderr.write(`meanfield: ${optionWords(result.message)}\n`);
    return EXIT_FAILED;
  }
  if (result.status === 'cancelled') {
    stderr.write(`meanfield: interrupted: ${result.message}\n`);
    return EXIT_INTERRUPTED;
  }
  return EXIT_OK;
}
