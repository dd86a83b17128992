/**
 * The corrector of equilibrium continuation as WebAssembly: the bordered Jacobian with the residual
 * weights, the weighted residual, the whole Newton iteration of ../continuation/newton.ts
 * (DenseBordered.factor, Corrector.weightedResidual and Corrector.solve), and a whole step of
 * ../continuation/palc.ts's trace (the prediction, Newton, Corrector.tangent and onSameBranch), the
 * same operations in the same order as there, so the same bits. The model's part, its right-hand side and Jacobian, is a
 * module of its own generated at run time (./eq-model-code.ts), whose functions this one imports;
 * this one is the same for every model and is assembled ahead of time (scripts/make-wasm.ts into
 * ./eq-corrector-wasm.ts). Both share the dense kernels' memory and this one calls their LU
 * factorisation and solve (./dense-lu-code.ts), whose matrix, permutation, right-hand side and
 * solution lie at the start of the memory; the arrays of eqLayout follow, computed here from n and m.
 *
 * Exports (n states, m parameters, u = (x, lambda), N = n + 1 unknowns):
 *   factor(n, m) -> status        the bordered matrix [[f_x, f_lambda], [c]] at `z`, its weights into
 *                                 `w`, factored: 0, 1 singular, 2 not finite
 *   residual(n, m, at, target) -> r   the weighted residual at the unknowns at byte address `at`
 *   newton(n, m, target, tol, maxIter, damped) -> status + 4 * iterations
 *                                 Newton from `z` (left at the last iterate): status 0 converged,
 *                                 1 maxIter, 2 diverged, 3 singular
 *   step(n, m, h, tol, maxIter, ...constants) -> 4 * newton's result + STEP_OK / STEP_SINGULAR_TANGENT /
 *                                 STEP_JUMP: from the point `pz` with tangent `c`; the point into `z`,
 *                                 its tangent into `t`, the branch-point test into `bp`
 * `meta` holds, after factor or newton, the sign the last LU factorisation returned (-2: none ran)
 * and whether the last factorisation succeeded, made at `fz`; `lz` is where the last Jacobian was.
 */

import {
  assemble,
  block,
  br,
  brIf,
  call,
  f64,
  f64At,
  f64Load,
  f64Store,
  fAbs,
  fAdd,
  fDiv,
  fEq,
  fFromInt,
  fGe,
  fGt,
  fLe,
  fLt,
  fMax,
  fMin,
  fMul,
  fNe,
  fNeg,
  fSqrt,
  fSub,
  forLoop,
  get,
  i32,
  i32Load,
  i32Store,
  iAdd,
  iAnd,
  iEq,
  iEqz,
  iGe,
  iGt,
  iLe,
  iLt,
  iMul,
  iNe,
  iOr,
  ifThen,
  inc,
  loop,
  ret,
  select,
  seq,
  set,
  type Code,
  type FunctionSource,
} from './assembler';
import { F64, I32 } from './bytes';
import { STEP_JUMP, STEP_OK, STEP_SINGULAR_TANGENT } from './eq-kernel';

/** The addresses of eqLayout (./eq-model-code.ts) as locals, from the parameters n and m. */
const ADDRESSES = ['n1', 'b', 'x', 'z', 'c', 'p', 'f', 'w', 'jac', 'dl', 'trial', 'fz', 'lz', 'meta', 'pz', 'pred', 't', 'bp'] as const;
const addressLocals = Object.fromEntries(ADDRESSES.map((a) => [a, I32])) as Record<(typeof ADDRESSES)[number], typeof I32>;
const n = get('n');
const n1 = get('n1');
const times8 = (k: Code): Code => iMul(k, i32(8));
/** After the LU's matrix (N^2), permutation (N i32 in N f64), right-hand side and solution: denseLuBytes(N). */
const layout: Code = seq(
  set('n1', iAdd(n, i32(1))),
  set('b', times8(iAdd(iMul(n1, n1), n1))),
  set('x', iAdd(get('b'), times8(n1))),
  set('z', iAdd(get('x'), times8(n1))),
  set('c', iAdd(get('z'), times8(n1))),
  set('p', iAdd(get('c'), times8(n1))),
  set('f', iAdd(get('p'), times8(get('m')))),
  set('w', iAdd(get('f'), times8(n))),
  set('jac', iAdd(get('w'), times8(n1))),
  set('dl', iAdd(get('jac'), times8(iMul(n, n)))),
  set('trial', iAdd(get('dl'), times8(n))),
  set('fz', iAdd(get('trial'), times8(n1))),
  set('lz', iAdd(get('fz'), times8(n1))),
  set('meta', iAdd(get('lz'), times8(n1))),
  set('pz', iAdd(get('meta'), i32(8))),
  set('pred', iAdd(get('pz'), times8(n1))),
  set('t', iAdd(get('pred'), times8(n1))),
  set('bp', iAdd(get('t'), times8(n1))),
);

const load = (base: string, index: Code): Code => f64Load(f64At(get(base), index));
const store = (base: string, index: Code, value: Code): Code => f64Store(f64At(get(base), index), value);
const isFinite = (x: Code): Code => fEq(fSub(x, x), f64(0));
/** Copies `count` doubles from array `from` to array `to` (local `i`). */
const copy = (from: string, to: string, count: Code): Code =>
  forLoop('copy', set('i', i32(0)), iLt(get('i'), count), inc('i'), store(to, get('i'), load(from, get('i'))));
/** Entry (row, col) of the bordered matrix, row-major N x N at the start of the memory. */
const mAt = (row: Code, col: Code): Code => f64At(null, iAdd(iMul(row, n1), col));

/** DenseBordered.factor with the model's Jacobian. */
const factor: FunctionSource = {
  name: 'factor',
  params: { n: I32, m: I32 },
  locals: { ...addressLocals, i: I32, j: I32, sign: I32, last: F64, sums: F64, s: F64, sc: F64 },
  result: I32,
  body: [
    layout,
    call('model.jacobian'),
    forLoop(
      'rows',
      set('i', i32(0)),
      iLt(get('i'), n),
      inc('i'),
      forLoop('cols', set('j', i32(0)), iLt(get('j'), n), inc('j'), f64Store(mAt(get('i'), get('j')), load('jac', iAdd(iMul(get('i'), n), get('j'))))),
      f64Store(mAt(get('i'), n), load('dl', get('i'))),
    ),
    copy('z', 'lz', n1),
    i32Store(get('meta'), i32(-2)),
    i32Store(iAdd(get('meta'), i32(4)), i32(0)),
    // The weights: max(1, |f_lambda_i lambda| + sum_j |f_x_ij x_j|), and max(1, sum_j |c_j z_j|) for the last row.
    set('last', fAbs(load('z', n))),
    set('sums', f64(0)),
    forLoop(
      'weights',
      set('i', i32(0)),
      iLt(get('i'), n),
      inc('i'),
      set('s', fMul(fAbs(f64Load(mAt(get('i'), n))), get('last'))),
      forLoop(
        'terms',
        set('j', i32(0)),
        iLt(get('j'), n),
        inc('j'),
        set('s', fAdd(get('s'), fAbs(fMul(f64Load(mAt(get('i'), get('j'))), load('z', get('j')))))),
      ),
      store('w', get('i'), select(fGt(get('s'), f64(1)), get('s'), f64(1))),
      set('sums', fAdd(get('sums'), get('s'))),
    ),
    set('sc', f64(0)),
    forLoop(
      'border',
      set('j', i32(0)),
      iLe(get('j'), n),
      inc('j'),
      f64Store(mAt(n, get('j')), load('c', get('j'))),
      set('sc', fAdd(get('sc'), fAbs(fMul(load('c', get('j')), load('z', get('j')))))),
    ),
    store('w', n, select(fGt(get('sc'), f64(1)), get('sc'), f64(1))),
    ifThen(iEqz(isFinite(fAdd(get('sums'), get('sc')))), [
      forLoop('scan', set('i', i32(0)), iLt(get('i'), iMul(n1, n1)), inc('i'), ifThen(iEqz(isFinite(f64Load(f64At(null, get('i'))))), [ret(i32(2))])),
    ]),
    set('sign', call('kernels.luFactor', n1)),
    i32Store(get('meta'), get('sign')),
    ifThen(iEqz(get('sign')), [ret(i32(1))]),
    copy('z', 'fz', n1),
    i32Store(iAdd(get('meta'), i32(4)), i32(1)),
    ret(i32(0)),
  ],
};

/** Corrector.weightedResidual: the model's f at `at`, scaled by the weights of the last factor. */
const residual: FunctionSource = {
  name: 'residual',
  params: { n: I32, m: I32, at: I32, target: F64 },
  locals: { ...addressLocals, i: I32, g: F64, r: F64, a: F64, ag: F64 },
  result: F64,
  body: [
    layout,
    call('model.rhsAt', get('at')),
    set('g', fNeg(get('target'))),
    forLoop('g', set('i', i32(0)), iLt(get('i'), n1), inc('i'), set('g', fAdd(get('g'), fMul(load('c', get('i')), load('at', get('i')))))),
    set('r', f64(0)),
    forLoop(
      'r',
      set('i', i32(0)),
      iLt(get('i'), n),
      inc('i'),
      set('a', fDiv(fAbs(load('f', get('i'))), load('w', get('i')))),
      ifThen(iEqz(fLe(get('a'), get('r'))), [set('r', get('a'))]),
    ),
    set('ag', fDiv(fAbs(get('g')), load('w', n))),
    ret(select(iOr(fGt(get('ag'), get('r')), fNe(get('ag'), get('ag'))), get('ag'), get('r'))),
  ],
};

/** Corrector.solve with a fresh factorisation at every iteration. */
const done = (status: number): Code => ret(iAdd(i32(status), iMul(get('iterations'), i32(4))));
const newton: FunctionSource = {
  name: 'newton',
  params: { n: I32, m: I32, target: F64, tol: F64, maxIter: F64, damped: I32 },
  locals: {
    ...addressLocals,
    ...{ k: I32, status: I32, iterations: I32, half: I32, i: I32, nan: I32 },
    ...{ r: F64, rNew: F64, lastStep: F64, prevStep: F64, zmax: F64, g: F64, alpha: F64, a: F64 },
  },
  result: I32,
  body: [
    layout,
    set('iterations', i32(0)),
    set('status', call('factor', n, get('m'))),
    set('r', call('residual', n, get('m'), get('z'), get('target'))),
    set('lastStep', f64(Infinity)),
    set('prevStep', f64(Infinity)),
    set('k', i32(0)),
    loop(
      'pass',
      ifThen(iEqz(isFinite(get('r'))), [done(2)]),
      ifThen(iAnd(iGt(get('k'), i32(0)), fLe(get('r'), get('tol'))), [
        set('zmax', f64(0)),
        forLoop('zmax', set('i', i32(0)), iLe(get('i'), n), inc('i'), set('zmax', fMax(get('zmax'), fAbs(load('z', get('i')))))),
        ifThen(fLe(get('lastStep'), fMul(get('tol'), fAdd(f64(1), get('zmax')))), [done(0)]),
      ]),
      // Negated, so that a maxIter that is not a number ends the iteration too.
      ifThen(iEqz(fLt(fFromInt(get('k')), get('maxIter'))), [done(1)]),
      ifThen(iGt(get('k'), i32(0)), [set('status', call('factor', n, get('m')))]),
      ifThen(iEq(get('status'), i32(2)), [done(2)]),
      ifThen(iEq(get('status'), i32(1)), [done(3)]),
      set('g', fNeg(get('target'))),
      forLoop('g', set('i', i32(0)), iLe(get('i'), n), inc('i'), set('g', fAdd(get('g'), fMul(load('c', get('i')), load('z', get('i')))))),
      forLoop('rhs', set('i', i32(0)), iLt(get('i'), n), inc('i'), store('b', get('i'), fNeg(load('f', get('i'))))),
      store('b', n, fNeg(get('g'))),
      call('kernels.luSolve', n1),
      inc('iterations'),
      set('alpha', f64(1)),
      set('rNew', f64(NaN)),
      set('half', i32(0)),
      // Damped: halve the update until the residual decreases, at most 10 times (alpha is halved once more after the last try).
      block(
        'tried',
        loop(
          'try',
          forLoop(
            'trial',
            set('i', i32(0)),
            iLt(get('i'), n1),
            inc('i'),
            store('trial', get('i'), fAdd(load('z', get('i')), fMul(get('alpha'), load('x', get('i'))))),
          ),
          set('rNew', call('residual', n, get('m'), get('trial'), get('target'))),
          brIf('tried', iOr(iEqz(get('damped')), fLt(get('rNew'), get('r')))),
          set('alpha', fMul(get('alpha'), f64(0.5))),
          inc('half'),
          brIf('try', iLe(get('half'), i32(10))),
        ),
      ),
      copy('trial', 'z', n1),
      set('prevStep', get('lastStep')),
      set('lastStep', f64(0)),
      set('nan', i32(0)),
      forLoop(
        'step',
        set('i', i32(0)),
        iLt(get('i'), n1),
        inc('i'),
        set('a', fAbs(fMul(get('alpha'), load('x', get('i'))))),
        ifThen(fGt(get('a'), get('lastStep')), [set('lastStep', get('a'))], [ifThen(fNe(get('a'), get('a')), [set('nan', i32(1))])]),
      ),
      ifThen(get('nan'), [set('lastStep', f64(NaN))]),
      set('r', get('rNew')),
      // Undamped Newton whose updates grow after the first two iterations is not converging.
      ifThen(
        iAnd(iAnd(iEqz(get('damped')), iGe(get('k'), i32(2))), iAnd(fGt(get('lastStep'), fMul(f64(2), get('prevStep'))), fGt(get('lastStep'), get('tol')))),
        [done(2)],
      ),
      inc('k'),
      br('pass'),
    ),
    done(2),
  ],
};

/** Corrector.tangent after a converged corrector (the LU reused or made again), into `t` and `bp`; STEP_OK or STEP_SINGULAR_TANGENT. */
const tangentAfterCorrector: Code[] = [
  // BorderedSystem.reuseNear: the last factorisation succeeded (with this row c), z lies within
  // the drift tolerance of where it was made (withinFactoredDrift) and its pivots are within
  // wellConditioned of each other (DenseLu.pivotRatio).
  set('reuse', i32(0)),
  ifThen(iEq(i32Load(iAdd(get('meta'), i32(4))), i32(1)), [
    set('size', f64(0)),
    set('drift', f64(0)),
    forLoop(
      'drift',
      set('i', i32(0)),
      iLt(get('i'), n1),
      inc('i'),
      set('zi', load('z', get('i'))),
      ifThen(fGt(fAbs(get('zi')), get('size')), [set('size', fAbs(get('zi')))]),
      set('d', fAbs(fSub(get('zi'), load('fz', get('i'))))),
      ifThen(iEqz(fLe(get('d'), get('drift'))), [set('drift', get('d'))]),
    ),
    ifThen(fLe(get('drift'), fMul(get('factoredDrift'), fAdd(f64(1), get('size')))), [
      set('lo', f64(Infinity)),
      set('hi', f64(0)),
      forLoop(
        'pivots',
        set('i', i32(0)),
        iLt(get('i'), n1),
        inc('i'),
        set('d', fAbs(f64Load(mAt(get('i'), get('i'))))),
        ifThen(fLt(get('d'), get('lo')), [set('lo', get('d'))]),
        ifThen(fGt(get('d'), get('hi')), [set('hi', get('d'))]),
      ),
      set('reuse', fGe(select(fGt(get('hi'), f64(0)), fDiv(get('lo'), get('hi')), f64(0)), get('wellConditioned'))),
    ]),
  ]),
  ifThen(iEqz(get('reuse')), [ifThen(iNe(call('factor', n, get('m')), i32(0)), [ret(iAdd(iMul(get('code'), i32(4)), i32(STEP_SINGULAR_TANGENT)))])]),
  // DenseLu.det, then the solve of [[F_u], [c]] delta = e_N into x, normalised.
  set('det', fFromInt(i32Load(get('meta')))),
  forLoop('det', set('i', i32(0)), iLt(get('i'), n1), inc('i'), set('det', fMul(get('det'), f64Load(mAt(get('i'), get('i')))))),
  forLoop('e', set('i', i32(0)), iLt(get('i'), n), inc('i'), store('b', get('i'), f64(0))),
  store('b', n, f64(1)),
  call('kernels.luSolve', n1),
  set('norm', f64(0)),
  forLoop('norm', set('i', i32(0)), iLt(get('i'), n1), inc('i'), set('norm', fAdd(get('norm'), fMul(load('x', get('i')), load('x', get('i')))))),
  set('norm', fSqrt(get('norm'))),
  forLoop('t', set('i', i32(0)), iLt(get('i'), n1), inc('i'), store('t', get('i'), fDiv(load('x', get('i')), get('norm')))),
  f64Store(get('bp'), fMul(get('det'), get('norm'))),
  ifThen(fNe(f64Load(get('bp')), f64Load(get('bp'))), [ret(iAdd(iMul(get('code'), i32(4)), i32(STEP_SINGULAR_TANGENT)))]),
];

/**
 * One step of ../continuation/palc.ts from the point (pz, tangent c) with step h: the prediction
 * pz + h c into `pred` and `z`, Newton there (damping off), and when it converges the tangent
 * (into `t`, the branch-point test into `bp`) and the check that the point lies on the same branch
 * (onSameBranch, its constants passed in). Returns 4 * newton's result + STEP_OK,
 * STEP_SINGULAR_TANGENT or STEP_JUMP (STEP_OK when Newton did not converge).
 */
const step: FunctionSource = {
  name: 'step',
  params: {
    ...{ n: I32, m: I32, h: F64, tol: F64, maxIter: F64 },
    ...{ distFraction: F64, cosMaxTurn: F64, chordFraction: F64, chordFloor: F64, wellConditioned: F64, factoredDrift: F64 },
  },
  locals: {
    ...addressLocals,
    ...{ i: I32, code: I32, reuse: I32 },
    ...{ target: F64, size: F64, drift: F64, zi: F64, d: F64, lo: F64, hi: F64, det: F64, norm: F64 },
    ...{ dist: F64, cos: F64, chord: F64, bis: F64, cdb: F64, cc: F64, ww: F64, turn: F64, off: F64 },
  },
  result: I32,
  body: [
    layout,
    // predict: pred = pz + h c, target = c . pred.
    set('target', f64(0)),
    forLoop(
      'predict',
      set('i', i32(0)),
      iLt(get('i'), n1),
      inc('i'),
      store('pred', get('i'), fAdd(load('pz', get('i')), fMul(get('h'), load('c', get('i'))))),
      set('target', fAdd(get('target'), fMul(load('c', get('i')), load('pred', get('i'))))),
    ),
    copy('pred', 'z', n1),
    set('code', call('newton', n, get('m'), get('target'), get('tol'), get('maxIter'), i32(0))),
    ifThen(iNe(iAnd(get('code'), i32(3)), i32(0)), [ret(iMul(get('code'), i32(4)))]),
    ...tangentAfterCorrector,
    // onSameBranch(prev, pred, z, t, h).
    set('dist', f64(0)),
    set('cos', f64(0)),
    set('chord', f64(0)),
    set('cdb', f64(0)),
    set('bis', f64(0)),
    forLoop(
      'branch',
      set('i', i32(0)),
      iLt(get('i'), n1),
      inc('i'),
      set('d', fSub(load('z', get('i')), load('pred', get('i')))),
      set('dist', fAdd(get('dist'), fMul(get('d'), get('d')))),
      set('cos', fAdd(get('cos'), fMul(load('c', get('i')), load('t', get('i'))))),
      set('cc', fSub(load('z', get('i')), load('pz', get('i')))),
      set('ww', fAdd(load('c', get('i')), load('t', get('i')))),
      set('chord', fAdd(get('chord'), fMul(get('cc'), get('cc')))),
      set('bis', fAdd(get('bis'), fMul(get('ww'), get('ww')))),
      set('cdb', fAdd(get('cdb'), fMul(get('cc'), get('ww')))),
    ),
    ifThen(iOr(iEqz(fLe(fSqrt(get('dist')), fMul(get('distFraction'), get('h')))), iEqz(fGe(get('cos'), get('cosMaxTurn')))), [
      ret(iAdd(iMul(get('code'), i32(4)), i32(STEP_JUMP))),
    ]),
    set('turn', call('math.acos', fMin(f64(1), get('cos')))),
    set('off', call('math.acos', fMin(f64(1), fDiv(get('cdb'), fSqrt(fMul(get('chord'), get('bis'))))))),
    ret(
      iAdd(iMul(get('code'), i32(4)), select(fLe(get('off'), fAdd(fMul(get('chordFraction'), get('turn')), get('chordFloor'))), i32(STEP_OK), i32(STEP_JUMP))),
    ),
  ],
};

/** The module: imports the kernels' memory and LU functions, the model module's rhsAt and jacobian, and Math.acos. */
export function eqCorrectorModule(): Uint8Array {
  return assemble([factor, residual, newton, step], 1, {
    functions: [
      { module: 'kernels', name: 'kernels.luFactor', params: [I32], result: I32 },
      { module: 'kernels', name: 'kernels.luSolve', params: [I32], result: null },
      { module: 'model', name: 'model.rhsAt', params: [I32], result: null },
      { module: 'model', name: 'model.jacobian', params: [], result: null },
      { module: 'math', name: 'math.acos', params: [F64], result: F64 },
    ],
    memory: { module: 'kernels', name: 'memory' },
  });
}
