/**
 * Long traces as generators that yield between steps (`Steps`): the same code runs straight through
 * (`drain`, in a worker or a test) or a slice at a time on a thread that must stay responsive
 * between slices (the CLI's in-process cycles, where Ctrl+C is an event of this thread).
 */

/** A computation of a T that yields (nothing) after each step. */
export type Steps<T> = Generator<void, T, void>;

/** Runs `steps` to the end; its result. */
export function drain<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done === true) return r.value;
  }
}
