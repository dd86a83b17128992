/**
 * The structured assembler (src-main/engine/wasm/assembler.ts): loops with continue and break,
 * if/else, calls between functions and memory, run by WebAssembly against the same JavaScript;
 * names that do not resolve are errors at assembly, not wrong code.
 */
import { describe, expect, it } from 'vitest';
import {
  assemble,
  br,
  call,
  f64,
  f64At,
  f64Load,
  f64Store,
  fAdd,
  fMul,
  forLoop,
  get,
  i32,
  iAdd,
  iEq,
  iGt,
  iLt,
  ifThen,
  inc,
  ret,
  seq,
  set,
  type FunctionSource,
} from '../../../../src-main/engine/wasm/assembler';
import { F64, I32 } from '../../../../src-main/engine/wasm/bytes';

/** sum over i < n, i not a multiple of 3, stopping after i = 10, of weight(i) x[i]; x in memory from byte 0. */
const weighted: FunctionSource = {
  name: 'weighted',
  params: { n: I32 },
  locals: { i: I32, s: F64 },
  result: F64,
  body: [
    set('s', f64(0)),
    forLoop(
      'i',
      set('i', i32(0)),
      iLt(get('i'), get('n')),
      inc('i'),
      ifThen(iEq(i32(0), call('mod3', get('i'))), [br('i')]),
      set('s', fAdd(get('s'), fMul(call('weight', get('i')), f64Load(f64At(null, get('i')))))),
      ifThen(iGt(get('i'), i32(9)), [br('i!')]),
    ),
    ret(get('s')),
  ],
};
/** k mod 3 for k >= 0, by subtraction (a loop with an empty init). */
const mod3: FunctionSource = {
  name: 'mod3',
  params: { k: I32 },
  locals: {},
  result: I32,
  body: [forLoop('m', seq(), iGt(get('k'), i32(2)), set('k', iAdd(get('k'), i32(-3)))), ret(get('k'))],
};
/** 0.5 below 5, else 2 (if/else, each arm setting the result). */
const weight: FunctionSource = {
  name: 'weight',
  params: { k: I32 },
  locals: { w: F64 },
  result: F64,
  body: [ifThen(iLt(get('k'), i32(5)), [set('w', f64(0.5))], [set('w', f64(2))]), ret(get('w'))],
};
/** x[k] = 0.25 k for k < n. */
const fill: FunctionSource = {
  name: 'fill',
  params: { n: I32 },
  locals: { k: I32, v: F64 },
  result: null,
  body: [
    set('v', f64(0)),
    forLoop('k', set('k', i32(0)), iLt(get('k'), get('n')), seq(inc('k'), set('v', fAdd(get('v'), f64(0.25)))), f64Store(f64At(null, get('k')), get('v'))),
  ],
};

/** The WebAssembly API (not in this project's TypeScript libraries, which leave out the DOM's). */
const WASM = (
  globalThis as unknown as {
    WebAssembly: { Module: new (bytes: Uint8Array) => object; Instance: new (module: object, imports: object) => { exports: Record<string, unknown> } };
  }
).WebAssembly;

function instance(functions: FunctionSource[]) {
  const exports = new WASM.Instance(new WASM.Module(assemble(functions, 1)), {}).exports;
  return exports as Record<string, (...a: number[]) => number> & { memory: { buffer: ArrayBuffer } };
}

describe('the structured WebAssembly assembler', () => {
  it('assembles loops with continue and break, if/else and calls, which run as the same JavaScript', () => {
    const k = instance([weighted, mod3, weight, fill]);
    for (const n of [0, 1, 4, 7, 12, 40]) {
      k.fill(n);
      const x = new Float64Array(k.memory.buffer, 0, n);
      let s = 0;
      for (let i = 0; i < n; i++) {
        expect(x[i]).toBe(0.25 * i);
        if (i % 3 === 0) continue;
        s += (i < 5 ? 0.5 : 2) * x[i];
        if (i > 9) break;
      }
      expect(k.weighted(n)).toBe(s);
    }
  });

  it('refuses a local, label or function that does not exist, and a name given twice', () => {
    const bad =
      (body: FunctionSource['body'], locals: FunctionSource['locals'] = {}) =>
      () =>
        assemble([{ name: 'f', params: { n: I32 }, locals, result: null, body }], 1);
    expect(bad([set('m', i32(0))])).toThrow(/no local m/);
    expect(bad([br('nowhere')])).toThrow(/no enclosing label nowhere/);
    expect(bad([call('g', get('n'))])).toThrow(/no function g/);
    expect(bad([], { n: F64 })).toThrow(/repeated/);
  });
});
