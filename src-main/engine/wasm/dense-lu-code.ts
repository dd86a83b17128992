/**
 * DenseLu's factorisation and solve (../continuation/lu.ts) as WebAssembly functions: the same
 * operations in the same order on the same doubles, so the same bits. Assembled by
 * scripts/make-wasm.ts into ./dense-kernels-wasm.ts. Memory layout for order n (byte addresses): the row-major matrix, then its factors, at 0; the row permutation (i32) at
 * 8 n^2; the right-hand side at 8 n^2 + 8 n; the solution at 8 n^2 + 16 n.
 *
 *   factor(n) -> the sign of the permutation (1 or -1), or 0 when the matrix is singular or not finite
 *   solve(n)  (after a successful factor of the same order)
 */
import { F64, I32 } from './bytes';
import {
  f64,
  f64At,
  f64Load,
  f64Store,
  fAbs,
  fDiv,
  fEq,
  fGt,
  fMul,
  fNe,
  fSub,
  forLoop,
  get,
  i32,
  i32At,
  i32Load,
  i32Store,
  iAdd,
  iEqz,
  iGe,
  iLt,
  iMul,
  iNe,
  iOr,
  ifThen,
  inc,
  ret,
  set,
  seq,
  type Code,
  type FunctionSource,
} from './assembler';

const lu = (index: Code): Code => f64Load(f64At(null, index));
const setLu = (index: Code, value: Code): Code => f64Store(f64At(null, index), value);
const n = get('n');

const factor: FunctionSource = {
  name: 'luFactor',
  params: { n: I32 },
  locals: {
    ...{ nn: I32, i: I32, k: I32, rk: I32, piv: I32, ik: I32, ri: I32, j: I32, perm: I32, sign: I32, nan: I32, t: I32 },
    ...{ scale: F64, v: F64, best: F64, tiny: F64, d: F64, f: F64, x: F64 },
  },
  result: I32,
  body: [],
};
factor.body = [
  set('nn', iMul(n, n)),
  set('perm', iMul(get('nn'), i32(8))),
  set('scale', f64(0)),
  set('nan', i32(0)),
  forLoop(
    'scan',
    set('i', i32(0)),
    iLt(get('i'), get('nn')),
    inc('i'),
    set('v', fAbs(lu(get('i')))),
    ifThen(fGt(get('v'), get('scale')), [set('scale', get('v'))], [ifThen(fNe(get('v'), get('v')), [set('nan', i32(1))])]),
  ),
  forLoop('init', set('i', i32(0)), iLt(get('i'), n), inc('i'), i32Store(i32At(get('perm'), get('i')), get('i'))),
  set('sign', i32(1)),
  // Not finite: a NaN entry, a largest entry that is not > 0, or an infinite one (inf - inf is NaN).
  ifThen(iOr(iOr(get('nan'), iEqz(fGt(get('scale'), f64(0)))), iEqz(fEq(fSub(get('scale'), get('scale')), f64(0)))), [ret(i32(0))]),
  set('tiny', fMul(f64(1e-14), get('scale'))),
  forLoop(
    'k',
    set('k', i32(0)),
    iLt(get('k'), n),
    inc('k'),
    set('rk', iMul(get('k'), n)),
    set('piv', get('k')),
    set('best', fAbs(lu(iAdd(get('rk'), get('k'))))),
    forLoop(
      'pivot',
      seq(set('i', iAdd(get('k'), i32(1))), set('ik', iAdd(iAdd(get('rk'), n), get('k')))),
      iLt(get('i'), n),
      seq(inc('i'), inc('ik', n)),
      set('v', fAbs(lu(get('ik')))),
      ifThen(fGt(get('v'), get('best')), [set('best', get('v')), set('piv', get('i'))]),
    ),
    ifThen(iEqz(fGt(get('best'), get('tiny'))), [ret(i32(0))]),
    ifThen(iNe(get('piv'), get('k')), [
      forLoop(
        'swap',
        set('j', i32(0)),
        iLt(get('j'), n),
        inc('j'),
        set('x', lu(iAdd(iMul(get('k'), n), get('j')))),
        setLu(iAdd(iMul(get('k'), n), get('j')), lu(iAdd(iMul(get('piv'), n), get('j')))),
        setLu(iAdd(iMul(get('piv'), n), get('j')), get('x')),
      ),
      set('t', i32Load(i32At(get('perm'), get('k')))),
      i32Store(i32At(get('perm'), get('k')), i32Load(i32At(get('perm'), get('piv')))),
      i32Store(i32At(get('perm'), get('piv')), get('t')),
      set('sign', iMul(get('sign'), i32(-1))),
    ]),
    set('d', lu(iAdd(get('rk'), get('k')))),
    forLoop(
      'rows',
      set('ri', iAdd(get('rk'), n)),
      iLt(get('ri'), get('nn')),
      inc('ri', n),
      set('f', fDiv(lu(iAdd(get('ri'), get('k'))), get('d'))),
      setLu(iAdd(get('ri'), get('k')), get('f')),
      ifThen(fNe(get('f'), f64(0)), [
        forLoop(
          'cols',
          set('j', iAdd(get('k'), i32(1))),
          iLt(get('j'), n),
          inc('j'),
          setLu(iAdd(get('ri'), get('j')), fSub(lu(iAdd(get('ri'), get('j'))), fMul(get('f'), lu(iAdd(get('rk'), get('j')))))),
        ),
      ]),
    ),
  ),
  ret(get('sign')),
];

const solve: FunctionSource = {
  name: 'luSolve',
  params: { n: I32 },
  locals: { perm: I32, b: I32, x: I32, i: I32, ri: I32, j: I32, s: F64 },
  result: null,
  body: [],
};
const xAt = (index: Code): Code => f64At(get('x'), index);
solve.body = [
  set('perm', iMul(iMul(n, n), i32(8))),
  set('b', iAdd(get('perm'), iMul(n, i32(8)))),
  set('x', iAdd(get('b'), iMul(n, i32(8)))),
  forLoop(
    'forward',
    seq(set('i', i32(0)), set('ri', i32(0))),
    iLt(get('i'), n),
    seq(inc('i'), inc('ri', n)),
    set('s', f64Load(f64At(get('b'), i32Load(i32At(get('perm'), get('i')))))),
    forLoop('fj', set('j', i32(0)), iLt(get('j'), get('i')), inc('j'), set('s', fSub(get('s'), fMul(lu(iAdd(get('ri'), get('j'))), f64Load(xAt(get('j'))))))),
    f64Store(xAt(get('i')), get('s')),
  ),
  forLoop(
    'back',
    seq(set('i', iAdd(n, i32(-1))), set('ri', iMul(iAdd(n, i32(-1)), n))),
    iGe(get('i'), i32(0)),
    seq(inc('i', i32(-1)), set('ri', iAdd(get('ri'), iMul(n, i32(-1))))),
    set('s', f64Load(xAt(get('i')))),
    forLoop(
      'bj',
      set('j', iAdd(get('i'), i32(1))),
      iLt(get('j'), n),
      inc('j'),
      set('s', fSub(get('s'), fMul(lu(iAdd(get('ri'), get('j'))), f64Load(xAt(get('j')))))),
    ),
    f64Store(xAt(get('i')), fDiv(get('s'), lu(iAdd(get('ri'), get('i'))))),
  ),
];

/** The functions luFactor and luSolve. */
export const DENSE_LU_FUNCTIONS: readonly FunctionSource[] = [factor, solve];
