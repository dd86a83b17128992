/**
 * SmallEigen's eigenvalue computation (../continuation/small-eigen.ts: balancing, Householder
 * reduction to Hessenberg form, Francis double-shift QR with deflation) as WebAssembly functions:
 * the same operations in the same order on the same doubles, so the same bits. Assembled by
 * scripts/make-wasm.ts into ./dense-kernels-wasm.ts. Memory layout for order n (byte addresses): the row-major matrix at 0 (overwritten), the real parts of the
 * eigenvalues at 8 n^2, their imaginary parts at 8 n^2 + 8 n.
 *
 *   eigen(n) -> 1, or 0 when an entry is not finite or the iteration does not converge in 30 n sweeps
 */
import { F64, I32 } from './bytes';
import {
  br,
  call,
  f64,
  f64At,
  f64Load,
  f64Store,
  fAbs,
  fAdd,
  fDiv,
  fEq,
  fGe,
  fGt,
  fLe,
  fLt,
  fMul,
  fNe,
  fNeg,
  fSqrt,
  fSub,
  forLoop,
  get,
  i32,
  iAdd,
  iAnd,
  iEq,
  iEqz,
  iGe,
  iGt,
  iLe,
  iLt,
  iMul,
  iOr,
  iSub,
  ifThen,
  inc,
  ret,
  select,
  seq,
  set,
  whileLoop,
  type Code,
  type FunctionSource,
} from './assembler';

const h = (index: Code): Code => f64Load(f64At(null, index));
const setH = (index: Code, value: Code): Code => f64Store(f64At(null, index), value);
/** h[row * n + col] */
const hAt = (row: Code, col: Code): Code => h(iAdd(iMul(row, get('n')), col));
const n = get('n');
const v = get;
const minus1 = (a: Code): Code => iSub(a, i32(1));
/** x >= 0 ? a : b (f64 constants) */
const bySign = (x: Code, a: number, b: number): Code => select(fGe(x, f64(0)), f64(a), f64(b));
/** a - s * b */
const minusTimes = (a: Code, s: Code, b: Code): Code => fSub(a, fMul(s, b));

const balance: FunctionSource = {
  name: 'balance',
  params: { n: I32 },
  locals: { sweep: I32, done: I32, i: I32, ri: I32, j: I32, cj: I32, c: F64, r: F64, total: F64, f: F64 },
  result: null,
  body: [
    set('sweep', i32(0)),
    set('done', i32(0)),
    whileLoop(
      'sweeps',
      iAnd(iEqz(v('done')), iLt(v('sweep'), i32(100))),
      set('done', i32(1)),
      forLoop(
        'row',
        set('i', i32(0)),
        iLt(v('i'), n),
        inc('i'),
        set('c', f64(0)),
        set('r', f64(0)),
        set('ri', iMul(v('i'), n)),
        forLoop(
          'sum',
          seq(set('j', i32(0)), set('cj', v('i'))),
          iLt(v('j'), n),
          seq(inc('j'), inc('cj', n)),
          ifThen(iEq(v('j'), v('i')), [br('sum')]),
          set('c', fAdd(v('c'), fAbs(h(v('cj'))))),
          set('r', fAdd(v('r'), fAbs(h(iAdd(v('ri'), v('j')))))),
        ),
        ifThen(iOr(fEq(v('c'), f64(0)), fEq(v('r'), f64(0))), [br('row')]),
        set('total', fAdd(v('c'), v('r'))),
        set('f', f64(1)),
        whileLoop('up', fLt(v('c'), fDiv(v('r'), f64(2))), set('f', fMul(v('f'), f64(2))), set('c', fMul(v('c'), f64(4)))),
        whileLoop('down', fGe(v('c'), fMul(v('r'), f64(2))), set('f', fDiv(v('f'), f64(2))), set('c', fDiv(v('c'), f64(4)))),
        ifThen(fLt(fDiv(fAdd(v('c'), v('r')), v('f')), fMul(f64(0.95), v('total'))), [
          set('done', i32(0)),
          forLoop('rs', set('j', i32(0)), iLt(v('j'), n), inc('j'), setH(iAdd(v('ri'), v('j')), fDiv(h(iAdd(v('ri'), v('j'))), v('f')))),
          forLoop('cs', set('cj', v('i')), iLt(v('cj'), iMul(n, n)), inc('cj', n), setH(v('cj'), fMul(h(v('cj')), v('f')))),
        ]),
      ),
      inc('sweep'),
    ),
  ],
};

/** `for (ik = first; ik < end; ik += n) body`: down column k below the diagonal (in hessenberg). */
const downColumn = (label: string, ...body: Code[]): Code => forLoop(label, set('ik', v('first')), iLt(v('ik'), v('end')), inc('ik', n), ...body);

const hessenberg: FunctionSource = {
  name: 'hessenberg',
  params: { n: I32 },
  locals: { k: I32, first: I32, end: I32, ik: I32, j: I32, ri: I32, jk: I32, scale: F64, ss: F64, q: F64, x0: F64, alpha: F64, v0: F64, beta: F64, s: F64 },
  result: null,
  body: [
    forLoop(
      'k',
      set('k', i32(0)),
      iLt(v('k'), iSub(n, i32(2))),
      inc('k'),
      set('first', iAdd(iMul(iAdd(v('k'), i32(1)), n), v('k'))),
      set('end', iAdd(iMul(n, n), v('k'))),
      set('scale', f64(0)),
      downColumn('abs', set('scale', fAdd(v('scale'), fAbs(h(v('ik')))))),
      ifThen(fEq(v('scale'), f64(0)), [br('k')]),
      set('ss', f64(0)),
      downColumn('squares', set('q', fDiv(h(v('ik')), v('scale'))), set('ss', fAdd(v('ss'), fMul(v('q'), v('q'))))),
      set('x0', h(v('first'))),
      set('alpha', fMul(fMul(bySign(v('x0'), -1, 1), v('scale')), fSqrt(v('ss')))),
      set('v0', fSub(v('x0'), v('alpha'))),
      set('beta', fDiv(f64(-1), fMul(v('alpha'), v('v0')))),
      setH(v('first'), v('v0')),
      // Left: rows k+1.., columns k+1..
      forLoop(
        'left',
        set('j', iAdd(v('k'), i32(1))),
        iLt(v('j'), n),
        inc('j'),
        set('s', f64(0)),
        downColumn('ls', set('s', fAdd(v('s'), fMul(h(v('ik')), h(iAdd(iSub(v('ik'), v('k')), v('j'))))))),
        set('s', fMul(v('s'), v('beta'))),
        downColumn('lu', setH(iAdd(iSub(v('ik'), v('k')), v('j')), minusTimes(h(iAdd(iSub(v('ik'), v('k')), v('j'))), v('s'), h(v('ik'))))),
      ),
      // Right: all rows, columns k+1..
      forLoop(
        'right',
        set('ri', i32(0)),
        iLt(v('ri'), iMul(n, n)),
        inc('ri', n),
        set('s', f64(0)),
        forLoop(
          'rs',
          seq(set('j', iAdd(v('k'), i32(1))), set('jk', v('first'))),
          iLt(v('j'), n),
          seq(inc('j'), inc('jk', n)),
          set('s', fAdd(v('s'), fMul(h(iAdd(v('ri'), v('j'))), h(v('jk'))))),
        ),
        set('s', fMul(v('s'), v('beta'))),
        forLoop(
          'ru',
          seq(set('j', iAdd(v('k'), i32(1))), set('jk', v('first'))),
          iLt(v('j'), n),
          seq(inc('j'), inc('jk', n)),
          setH(iAdd(v('ri'), v('j')), minusTimes(h(iAdd(v('ri'), v('j'))), v('s'), h(v('jk')))),
        ),
      ),
      setH(v('first'), v('alpha')),
      forLoop('zero', set('ik', iAdd(v('first'), n)), iLt(v('ik'), v('end')), inc('ik', n), setH(v('ik'), f64(0))),
    ),
  ],
};

/** Stores a - s * v0 etc. of a 3-vector (a0, a1, a2) reflected by (v0, y, z) at three addresses. */
const reflect3 = (i0: Code, i1: Code, i2: Code, s: Code): Code[] => [
  set('a0', h(i0)),
  set('a1', h(i1)),
  set('a2', h(i2)),
  set('s', s),
  setH(i0, minusTimes(v('a0'), v('s'), v('v0'))),
  setH(i1, minusTimes(v('a1'), v('s'), v('y'))),
  setH(i2, minusTimes(v('a2'), v('s'), v('z'))),
];
const reflect2 = (i0: Code, i1: Code, s: Code): Code[] => [
  set('a0', h(i0)),
  set('a1', h(i1)),
  set('s', s),
  setH(i0, minusTimes(v('a0'), v('s'), v('v0'))),
  setH(i1, minusTimes(v('a1'), v('s'), v('y'))),
];

const francisStep: FunctionSource = {
  name: 'francisStep',
  params: { n: I32, l: I32, hi: I32, sum: F64, prod: F64 },
  locals: {
    ...{ k: I32, c0: I32, row0: I32, row1: I32, row2: I32, j: I32, last: I32, ik: I32, rowA: I32, rowB: I32, ih: I32 },
    ...{ h11: F64, h21: F64, x: F64, y: F64, z: F64, norm: F64, alpha: F64, v0: F64, beta: F64, a0: F64, a1: F64, a2: F64, s: F64 },
  },
  result: null,
  body: [
    set('h11', hAt(v('l'), v('l'))),
    set('h21', hAt(iAdd(v('l'), i32(1)), v('l'))),
    set('x', fAdd(fSub(fAdd(fMul(v('h11'), v('h11')), fMul(hAt(v('l'), iAdd(v('l'), i32(1))), v('h21'))), fMul(v('sum'), v('h11'))), v('prod'))),
    set('y', fMul(v('h21'), fSub(fAdd(v('h11'), hAt(iAdd(v('l'), i32(1)), iAdd(v('l'), i32(1)))), v('sum')))),
    set('z', fMul(v('h21'), hAt(iAdd(v('l'), i32(2)), iAdd(v('l'), i32(1))))),
    forLoop(
      'k',
      set('k', v('l')),
      iLe(v('k'), iSub(v('hi'), i32(2))),
      inc('k'),
      set('norm', fAdd(fAdd(fAbs(v('x')), fAbs(v('y'))), fAbs(v('z')))),
      ifThen(fGt(v('norm'), f64(0)), [
        set('x', fDiv(v('x'), v('norm'))),
        set('y', fDiv(v('y'), v('norm'))),
        set('z', fDiv(v('z'), v('norm'))),
        set('alpha', fMul(bySign(v('x'), -1, 1), fSqrt(fAdd(fAdd(fMul(v('x'), v('x')), fMul(v('y'), v('y'))), fMul(v('z'), v('z')))))),
        set('v0', fSub(v('x'), v('alpha'))),
        set('beta', fDiv(f64(-1), fMul(v('alpha'), v('v0')))),
        set('c0', select(iGt(v('l'), minus1(v('k'))), v('l'), minus1(v('k')))),
        set('row0', iMul(v('k'), n)),
        set('row1', iAdd(v('row0'), n)),
        set('row2', iAdd(v('row1'), n)),
        forLoop(
          'rows',
          set('j', v('c0')),
          iLe(v('j'), v('hi')),
          inc('j'),
          ...reflect3(
            iAdd(v('row0'), v('j')),
            iAdd(v('row1'), v('j')),
            iAdd(v('row2'), v('j')),
            fMul(v('beta'), fAdd(fAdd(fMul(v('v0'), v('a0')), fMul(v('y'), v('a1'))), fMul(v('z'), v('a2')))),
          ),
        ),
        set('last', iAdd(iMul(select(iLt(iAdd(v('k'), i32(3)), v('hi')), iAdd(v('k'), i32(3)), v('hi')), n), v('k'))),
        forLoop(
          'cols',
          set('ik', iAdd(iMul(v('l'), n), v('k'))),
          iLe(v('ik'), v('last')),
          inc('ik', n),
          ...reflect3(
            v('ik'),
            iAdd(v('ik'), i32(1)),
            iAdd(v('ik'), i32(2)),
            fMul(v('beta'), fAdd(fAdd(fMul(v('a0'), v('v0')), fMul(v('a1'), v('y'))), fMul(v('a2'), v('z')))),
          ),
        ),
      ]),
      set('x', hAt(iAdd(v('k'), i32(1)), v('k'))),
      set('y', hAt(iAdd(v('k'), i32(2)), v('k'))),
      ifThen(iLe(iAdd(v('k'), i32(3)), v('hi')), [set('z', hAt(iAdd(v('k'), i32(3)), v('k'))), br('k')], [set('z', f64(0))]),
      // Last reflector: 2 x 2 on rows hi-1, hi.
      set('norm', fAdd(fAbs(v('x')), fAbs(v('y')))),
      ifThen(fEq(v('norm'), f64(0)), [br('k!')]),
      set('x', fDiv(v('x'), v('norm'))),
      set('y', fDiv(v('y'), v('norm'))),
      set('alpha', fMul(bySign(v('x'), -1, 1), fSqrt(fAdd(fMul(v('x'), v('x')), fMul(v('y'), v('y')))))),
      set('v0', fSub(v('x'), v('alpha'))),
      set('beta', fDiv(f64(-1), fMul(v('alpha'), v('v0')))),
      set('rowA', iMul(minus1(v('hi')), n)),
      set('rowB', iAdd(v('rowA'), n)),
      forLoop(
        'rows2',
        set('j', iSub(v('hi'), i32(2))),
        iLe(v('j'), v('hi')),
        inc('j'),
        ...reflect2(iAdd(v('rowA'), v('j')), iAdd(v('rowB'), v('j')), fMul(v('beta'), fAdd(fMul(v('v0'), v('a0')), fMul(v('y'), v('a1'))))),
      ),
      forLoop(
        'cols2',
        set('ih', iAdd(iMul(v('l'), n), v('hi'))),
        iLe(v('ih'), iAdd(v('rowB'), v('hi'))),
        inc('ih', n),
        ...reflect2(minus1(v('ih')), v('ih'), fMul(v('beta'), fAdd(fMul(v('a0'), v('v0')), fMul(v('a1'), v('y'))))),
      ),
      br('k!'),
    ),
  ],
};

/** re[at] and im[at] (at an i32 index). */
const setRe = (at: Code, value: Code): Code => f64Store(f64At(v('re'), at), value);
const setIm = (at: Code, value: Code): Code => f64Store(f64At(v('im'), at), value);

const twoByTwo: FunctionSource = {
  name: 'twoByTwo',
  params: { n: I32, hi: I32, re: I32, im: I32 },
  locals: { a: F64, b: F64, c: F64, d: F64, p: F64, disc: F64, z: F64, w: F64 },
  result: null,
  body: [
    set('a', hAt(minus1(v('hi')), minus1(v('hi')))),
    set('b', hAt(minus1(v('hi')), v('hi'))),
    set('c', hAt(v('hi'), minus1(v('hi')))),
    set('d', hAt(v('hi'), v('hi'))),
    set('p', fMul(f64(0.5), fSub(v('a'), v('d')))),
    set('disc', fAdd(fMul(v('p'), v('p')), fMul(v('b'), v('c')))),
    ifThen(
      fGe(v('disc'), f64(0)),
      [
        // Roots d + p +- sqrt(disc), the smaller one from the product (no cancellation).
        set('z', fAdd(v('p'), fMul(bySign(v('p'), 1, -1), fSqrt(v('disc'))))),
        setRe(minus1(v('hi')), fAdd(v('d'), v('z'))),
        setRe(v('hi'), select(fNe(v('z'), f64(0)), fSub(v('d'), fDiv(fMul(v('b'), v('c')), v('z'))), fAdd(v('d'), v('z')))),
        setIm(minus1(v('hi')), f64(0)),
        setIm(v('hi'), f64(0)),
      ],
      [
        set('w', fSqrt(fNeg(v('disc')))),
        setRe(minus1(v('hi')), fAdd(v('d'), v('p'))),
        setRe(v('hi'), fAdd(v('d'), v('p'))),
        setIm(minus1(v('hi')), fNeg(v('w'))),
        setIm(v('hi'), v('w')),
      ],
    ),
  ],
};

const eigen: FunctionSource = {
  name: 'eigen',
  params: { n: I32 },
  locals: {
    ...{ i: I32, hi: I32, l: I32, iter: I32, total: I32, re: I32, im: I32 },
    ...{ x: F64, norm: F64, d1: F64, d0: F64, sub: F64, s: F64, a11: F64, a12: F64, a21: F64, a22: F64, sum: F64, prod: F64, w: F64, c: F64 },
  },
  result: I32,
  body: [
    set('re', iMul(iMul(n, n), i32(8))),
    set('im', iAdd(v('re'), iMul(n, i32(8)))),
    // Every entry finite (x - x is 0 exactly then, NaN otherwise).
    forLoop('finite', set('i', i32(0)), iLt(v('i'), iMul(n, n)), inc('i'), set('x', h(v('i'))), ifThen(iEqz(fEq(fSub(v('x'), v('x')), f64(0))), [ret(i32(0))])),
    call('balance', n),
    call('hessenberg', n),
    set('norm', f64(0)),
    forLoop('norm', set('i', i32(0)), iLt(v('i'), iMul(n, n)), inc('i'), set('norm', fAdd(v('norm'), fAbs(h(v('i')))))),
    set('hi', minus1(n)),
    set('iter', i32(0)),
    set('total', i32(0)),
    whileLoop(
      'qr',
      iGe(v('hi'), i32(0)),
      // l: the first row of the unreduced block that ends at hi.
      set('l', v('hi')),
      whileLoop(
        'scan',
        iGt(v('l'), i32(0)),
        set('d1', hAt(v('l'), v('l'))),
        set('d0', hAt(minus1(v('l')), minus1(v('l')))),
        set('sub', hAt(v('l'), minus1(v('l')))),
        set('s', fAdd(fAbs(v('d1')), fAbs(v('d0')))),
        ifThen(fEq(v('s'), f64(0)), [set('s', v('norm'))]),
        ifThen(fLe(fAbs(v('sub')), fMul(f64(Number.EPSILON), v('s'))), [f64Store(f64At(null, iAdd(iMul(v('l'), n), minus1(v('l')))), f64(0)), br('scan!')]),
        set('l', minus1(v('l'))),
      ),
      ifThen(iEq(v('l'), v('hi')), [setRe(v('hi'), hAt(v('hi'), v('hi'))), setIm(v('hi'), f64(0)), set('hi', minus1(v('hi'))), set('iter', i32(0)), br('qr')]),
      ifThen(iEq(v('l'), minus1(v('hi'))), [call('twoByTwo', n, v('hi'), v('re'), v('im')), set('hi', iSub(v('hi'), i32(2))), set('iter', i32(0)), br('qr')]),
      inc('total'),
      ifThen(iGt(v('total'), iMul(i32(30), n)), [ret(i32(0))]),
      inc('iter'),
      // Shifts: the eigenvalues of the trailing 2 x 2 block (their sum and product), or exceptional ones.
      set('a11', hAt(minus1(v('hi')), minus1(v('hi')))),
      set('a12', hAt(minus1(v('hi')), v('hi'))),
      set('a21', hAt(v('hi'), minus1(v('hi')))),
      set('a22', hAt(v('hi'), v('hi'))),
      set('sum', fAdd(v('a11'), v('a22'))),
      set('prod', fSub(fMul(v('a11'), v('a22')), fMul(v('a12'), v('a21')))),
      ifThen(iOr(iEq(v('iter'), i32(10)), iEq(v('iter'), i32(20))), [
        set('w', fAdd(fAbs(v('a21')), fAbs(hAt(minus1(v('hi')), iSub(v('hi'), i32(2)))))),
        set('c', fAdd(v('a22'), fMul(f64(0.75), v('w')))),
        set('sum', fMul(f64(2), v('c'))),
        set('prod', fAdd(fMul(v('c'), v('c')), fMul(fMul(f64(0.4375), v('w')), v('w')))),
      ]),
      call('francisStep', n, v('l'), v('hi'), v('sum'), v('prod')),
    ),
    ret(i32(1)),
  ],
};

/** The functions eigen (exported for use) and the four it calls. */
export const SMALL_EIGEN_FUNCTIONS: readonly FunctionSource[] = [eigen, balance, hessenberg, francisStep, twoByTwo];
