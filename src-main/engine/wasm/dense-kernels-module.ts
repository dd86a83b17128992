/**
 * The dense kernels' module as the assembler makes it from ./dense-lu-code.ts and
 * ./small-eigen-code.ts (one memory page to start with; it grows with the order). Used ahead of
 * time by scripts/make-wasm.ts and by the test that checks ./dense-kernels-wasm.ts; the engine
 * loads the stored bytes instead.
 */
import { assemble } from './assembler';
import { DENSE_LU_FUNCTIONS } from './dense-lu-code';
import { SMALL_EIGEN_FUNCTIONS } from './small-eigen-code';

export function denseKernelsModule(): Uint8Array {
  return assemble([...DENSE_LU_FUNCTIONS, ...SMALL_EIGEN_FUNCTIONS], 1);
}
