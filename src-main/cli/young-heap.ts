/**
 * A scavenge of V8's young generation at the start of a fresh `meanfield continue`.
 *
 * Loading the command fills much of the young generation and makes it grow. The memory it grew by
 * has never been written, so a trace that goes on from there allocates into pages the kernel maps
 * one at a time, on first touch; a scavenge in the middle of the trace then sends it to more such
 * pages. A scavenge before the model is compiled and traced (about 1 ms) sends their allocations
 * to the other half of the young generation, which loading already wrote. In a fresh process this
 * took about 5 ms off the first trace of ik_nodim, most of it page faults (see the README's Speed
 * section).
 *
 * V8 offers `gc` only to contexts made after `--expose-gc` is set, which bin/meanfield.mjs does with
 * the command's flags (v8FlagsFor) once the command is loaded; the function is taken from a new,
 * empty context, which runs nothing else. Where the flag is not set (tests, the code-cache build)
 * this does nothing.
 */
import { runInNewContext } from 'node:vm';

/** The V8 flag that lets `scavengeYoungGeneration` work. */
export const EXPOSE_GC_FLAG = '--expose-gc';

type Gc = (options: { type: 'minor' | 'major' }) => void;

/** V8's `gc` once looked up (null: not offered in this process). */
let gcFunction: Gc | null | undefined;

function lookUpGc(): Gc | null {
  try {
    const gc: unknown = runInNewContext('typeof gc === "function" ? gc : undefined');
    return typeof gc === 'function' ? (gc as Gc) : null;
  } catch {
    return null;
  }
}

/** Runs one scavenge (a minor collection); false when V8 does not offer it in this process. */
export function scavengeYoungGeneration(): boolean {
  gcFunction ??= lookUpGc();
  if (gcFunction === null) return false;
  gcFunction({ type: 'minor' });
  return true;
}
