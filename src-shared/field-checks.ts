/**
 * Checks the request validators share (simulation, continuation, curves): the shape of a value
 * arriving over IPC or from a file, and the names and values of a request's records against the
 * model. Each adds one FieldIssue per problem, naming the field; none throws.
 */
import type { ModelDef } from './models/types';
import type { FieldIssue } from './simulation/types';

export type Obj = Record<string, unknown>;

/** A plain object (not null, an array or a typed array). */
export function isObject(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !ArrayBuffer.isView(x);
}

/** `x` must be an object mapping names to numbers (`field`, then `field.KEY`). */
export function checkNumberRecord(x: unknown, field: string, issues: FieldIssue[]): void {
  if (!isObject(x)) {
    issues.push({ field, message: 'must be an object mapping names to numbers' });
    return;
  }
  for (const key of Object.keys(x)) {
    if (typeof x[key] !== 'number') issues.push({ field: `${field}.${key}`, message: 'must be a number' });
  }
}

export const finiteIssue = (field: string, v: number): FieldIssue => ({
  field,
  message: `must be a finite number (got ${v})`,
});

/** Every key of `record` (fields `group.KEY`) must name one of the model's `known` (a `kind`) and hold a finite number. */
export function checkNamed(
  record: Record<string, number>,
  kind: string,
  group: string,
  known: readonly { name: string }[],
  def: ModelDef,
  issues: FieldIssue[],
): void {
  const names = known.map((k) => k.name);
  for (const key of Object.keys(record)) {
    const field = `${group}.${key}`;
    if (!names.includes(key)) {
      issues.push({ field, message: `unknown ${kind} '${key}' (${def.name} has: ${names.join(', ') || 'none'})` });
    } else if (!Number.isFinite(record[key])) {
      issues.push(finiteIssue(field, record[key]));
    }
  }
}
