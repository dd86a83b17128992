/**
 * The first Lyapunov coefficient through the jet of a model whose nonlinear terms come from
 * definitions chained through definitions (so B and C are taken through the chain rule of the
 * shared definitions), against the planar formula of Guckenheimer & Holmes (Nonlinear
 * Oscillations, eq. 3.4.11) for x' = -y + f(x, y), y' = x + g(x, y) at the Hopf point p = 0:
 * 16 a = f_xxx + f_xyy + g_xxy + g_yyy + f_xy (f_xx + f_yy) - g_xy (g_xx + g_yy) - f_xx g_xx + f_yy g_yy,
 * and Kuznetsov's l1 with <q, q> = 1 is 2 a (omega = 1).
 */
import { describe, expect, it } from 'vitest';
import type { ModelDef } from '@shared/models/types';
import { compileModel } from '../../../../src-main/engine/compile';
import { firstLyapunovCoefficient } from '../../../../src-main/engine/continuation/lyapunov';

const info = (name: string) => ({ name, latex: name, description: name, unit: '' });

function planar(c: Record<string, number>): ModelDef {
  return {
    name: 'planar',
    version: 1,
    title: 'planar',
    description: 'planar',
    states: [
      { ...info('x'), initial: 0 },
      { ...info('y'), initial: 0 },
    ],
    params: Object.entries({ p: 0, ...c }).map(([name, d]) => ({ ...info(name), default: d })),
    inputs: [],
    definitions: [
      { ...info('xy'), expr: 'x*y' },
      { ...info('quad_f'), expr: 'a1*x^2 + a2*xy + a3*y^2' },
      { ...info('quad_g'), expr: 'b1*x^2 + b2*xy + b3*y^2' },
      // Cubic terms written through the quadratic definitions: c1 x^3 + c3 x y^2 and c2 y^3 + c4 x^2 y.
      { ...info('cub_f'), expr: 'c1*x^3 + c3*xy*y' },
      { ...info('cub_g'), expr: 'c2*y^3 + c4*xy*x' },
      { ...info('f'), expr: 'quad_f + cub_f' },
      { ...info('g'), expr: 'quad_g + cub_g' },
    ],
    equations: [
      { state: 'x', rhs: 'p*x - y + f', latex: '' },
      { state: 'y', rhs: 'x + p*y + g', latex: '' },
    ],
  };
}

describe('l1 through chained definitions', () => {
  for (const c of [
    { a1: 0.7, a2: -1.3, a3: 0.4, b1: -0.6, b2: 0.9, b3: 1.1, c1: -0.8, c2: 0.3, c3: 0.5, c4: -0.2 },
    { a1: 0, a2: 0, a3: 0, b1: 0, b2: 0, b3: 0, c1: 1.5, c2: -0.7, c3: 0.25, c4: 2 },
    { a1: 2, a2: 0.5, a3: -1, b1: 1, b2: -2, b3: 0.3, c1: 0, c2: 0, c3: 0, c4: 0 },
  ]) {
    it(`matches the planar formula for ${JSON.stringify(c)}`, () => {
      const model = compileModel(planar(c));
      const x = new Float64Array(2);
      const p = Float64Array.from([0, ...Object.values(c)]);
      const a = new Float64Array(4);
      model.jacobian(x, p, a);
      const [fxx, fxy, fyy, gxx, gxy, gyy] = [2 * c.a1, c.a2, 2 * c.a3, 2 * c.b1, c.b2, 2 * c.b3];
      // f_xxx = 6 c1, f_xyy = 2 c3, g_xxy = 2 c4, g_yyy = 6 c2.
      const sixteenA = 6 * c.c1 + 2 * c.c3 + 2 * c.c4 + 6 * c.c2 + fxy * (fxx + fyy) - gxy * (gxx + gyy) - fxx * gxx + fyy * gyy;
      const expected = (2 * sixteenA) / 16;
      const got = firstLyapunovCoefficient(model, x, p, a, 1).l1;
      expect(Math.abs(got - expected)).toBeLessThan(1e-12 * Math.max(1, Math.abs(expected)));
      expect(Math.abs(expected)).toBeGreaterThan(0.1);
    });
  }
});
