/**
 * Small helpers the project handlers share: failure results, error text, argument shape checks and
 * the one way a list of format problems is summarised for the user ("path: message").
 */
import type { ApiError } from '@shared/api';
import type { ProjectIssue } from '@shared/project/types';

export type Failure = { ok: false; error: ApiError };

/** A failed call with `message` and, when given, the fields at fault. */
export const fail = (message: string, issues?: { field: string; message: string }[]): Failure => ({
  ok: false,
  error: issues ? { message, issues } : { message },
});

export const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** `e`'s message, prefixed with `prefix` unless it already says what could not be done. */
export const explain = (prefix: string, e: unknown): string => {
  const m = errText(e);
  return /^Could not /.test(m) ? m : `${prefix}: ${m}`;
};

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * A failure for a document the format refused: `lead` followed by the first problem as
 * "path: message" (with "N problems, first" when there are several, or `fallback` when the list is
 * empty), then `tail`; every problem goes into the issue list with its field path.
 */
export function formatFailure(lead: string, errors: readonly ProjectIssue[], fallback: string, tail = ''): Failure {
  const first = errors[0];
  const head = first ? `${first.path}: ${first.message}` : fallback;
  const count = errors.length > 1 ? `${errors.length} problems, first ` : '';
  return fail(
    `${lead}${count}${head}${tail}`,
    errors.map((i) => ({ field: i.path, message: i.message })),
  );
}

/** The reader's warnings as lines ("path: message"). */
export const warningLines = (warnings: readonly ProjectIssue[]): string[] => warnings.map((w) => (w.path ? `${w.path}: ${w.message}` : w.message));
