/** Random expression trees over x, y, z for property tests of simplify, diff and the printers. */
import { FUNCTION_ARITY, type FnName, type Node } from '@shared/expr/ast';

const FNS = Object.keys(FUNCTION_ARITY) as FnName[];
const VARS = ['x', 'y', 'z'];

export function randomTree(r: () => number, depth: number): Node {
  if (depth <= 0 || r() < 0.2) {
    const k = r();
    if (k < 0.5) return { kind: 'sym', name: VARS[Math.floor(r() * VARS.length)] };
    if (k < 0.6) return { kind: 'const', name: 'pi' };
    const choices = [0, 1, 2, 0.5, 3, -1, 1.5e-3, 2.25];
    return { kind: 'num', value: choices[Math.floor(r() * choices.length)] };
  }
  const k = r();
  if (k < 0.1) return { kind: 'neg', arg: randomTree(r, depth - 1) };
  if (k < 0.35) {
    const fn = FNS[Math.floor(r() * FNS.length)];
    const args = Array.from({ length: FUNCTION_ARITY[fn] }, () => randomTree(r, depth - 1));
    return { kind: 'call', fn, args };
  }
  const ops = ['+', '-', '*', '/', '^'] as const;
  const op = ops[Math.floor(r() * ops.length)];
  if (op === '^') {
    // Keep powers mostly real: small integer or half-integer exponents, sometimes symbolic.
    const e = r() < 0.7 ? { kind: 'num' as const, value: [2, 3, -1, 0.5, -2, 4][Math.floor(r() * 6)] } : randomTree(r, depth - 1);
    return { kind: 'bin', op, left: randomTree(r, depth - 1), right: e };
  }
  return { kind: 'bin', op, left: randomTree(r, depth - 1), right: randomTree(r, depth - 1) };
}
