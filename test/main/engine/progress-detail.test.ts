/**
 * The counts of the engine's progress lines (src-main/engine/progress-detail.ts) are grouped as
 * toLocaleString('en') groups them, without the locale data.
 */
import { describe, expect, it } from 'vitest';
import { grouped } from '../../../src-main/engine/progress-detail';

describe('progress counts', () => {
  it("group thousands as toLocaleString('en') does", () => {
    const counts = [0, 7, 42, 999, 1000, 1001, 9999, 12345, 100000, 999999, 1000000, 1234567, 98765432, 2 ** 31 - 1];
    for (let k = 0; k < 200; k++) counts.push(Math.floor(Math.abs(Math.sin(k * 12.9898)) * 10 ** (k % 10)));
    for (const n of counts) expect(grouped(n)).toBe(n.toLocaleString('en'));
  });
});
