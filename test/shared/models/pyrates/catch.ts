/** The PyratesError a call throws (the test fails when it throws anything else or nothing). */
import { expect } from 'vitest';
import { PyratesError } from '@shared/models/pyrates';

export function errorOf(f: () => unknown): PyratesError {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected a PyratesError').toBeInstanceOf(PyratesError);
  return caught as PyratesError;
}
