/**
 * A model's expression trees (@shared/expr/ast) as WebAssembly instructions, with the operations of
 * the JavaScript generator (../codegen.ts's Emitter) in the same order, so the values are the same
 * bits: small whole powers (|n| <= 4) as products of the base, others and the transcendental
 * functions as calls of JavaScript's own Math functions (imported), abs, sqrt, min and max as the
 * WebAssembly instructions of the same IEEE semantics, `cond` as a select of both branches. Shared
 * subexpressions (../model/shared-trees.ts) are computed once, where their value is first needed,
 * and kept in a local by `local.tee` (the expressions have no side effects, and both branches of a
 * select are evaluated, so this is the value the JavaScript computes in a statement before). The
 * bytes are appended to one array, each once (no intermediate arrays or spreads: this runs at run
 * time, once per model, on a first trace, in V8's interpreter). Only numbers and fixed opcodes go
 * into the code; no model text. Opcodes: WebAssembly Core Specification, 5.4.
 */
import { CONSTANTS, type Node } from '@shared/expr/ast';
import { functionSpec, type FnName } from '@shared/expr/functions';
import { isSharedName, type SharedTrees } from '../model/shared-trees';
import { F64, pushSleb, pushUleb, type ImportedFunction } from './bytes';

/** The Math functions a model's code may call, imported in this order as functions 0, 1, ... of module "math". */
export const MATH_FUNCTIONS = {
  exp: Math.exp,
  log: Math.log,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  tanh: Math.tanh,
  sinh: Math.sinh,
  cosh: Math.cosh,
  atan: Math.atan,
  asin: Math.asin,
  acos: Math.acos,
  sign: Math.sign,
  pow: Math.pow,
} as const;
type MathName = keyof typeof MATH_FUNCTIONS;
const MATH_NAMES = Object.keys(MATH_FUNCTIONS) as MathName[];
const isMathName = (name: string): name is MathName => Object.prototype.hasOwnProperty.call(MATH_FUNCTIONS, name);

/** The imports of MATH_FUNCTIONS, in their order (function indices 0..). */
export const MATH_IMPORTS: readonly ImportedFunction[] = MATH_NAMES.map((name) => ({
  module: 'math',
  name,
  params: MATH_FUNCTIONS[name].length === 2 ? [F64, F64] : [F64],
  result: F64,
}));

const OP = {
  localGet: 0x20,
  localTee: 0x22,
  i32Const: 0x41,
  f64Const: 0x44,
  f64Load: 0x2b,
  f64Store: 0x39,
  call: 0x10,
  select: 0x1b,
  f64Lt: 0x63,
  f64Abs: 0x99,
  f64Neg: 0x9a,
  f64Sqrt: 0x9f,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  f64Div: 0xa3,
  f64Min: 0xa4,
  f64Max: 0xa5,
} as const;

/** The instruction of a registered function, where WebAssembly has one with JavaScript's semantics. */
const NATIVE: Partial<Record<string, number>> = {
  'Math.abs': OP.f64Abs,
  'Math.sqrt': OP.f64Sqrt,
  'Math.min': OP.f64Min,
  'Math.max': OP.f64Max,
};
const BIN: Record<string, number> = { '+': OP.f64Add, '-': OP.f64Sub, '*': OP.f64Mul, '/': OP.f64Div };

const scratch = new Float64Array(1);
const scratchBytes = new Uint8Array(scratch.buffer);

/** Appends f64.const x (its eight bytes little-endian: the exact double). */
function f64Const(out: number[], x: number): void {
  scratch[0] = x;
  out.push(OP.f64Const);
  for (let i = 0; i < 8; i++) out.push(scratchBytes[i]);
}

/** Appends the instructions that load an f64 from byte address `address` (a constant). */
export function loadAt(out: number[], address: number): void {
  out.push(OP.i32Const);
  pushSleb(out, address);
  out.push(OP.f64Load, 3, 0);
}

/** Appends the instructions that load the f64 at byte `offset` past the i32 in local `local`. */
export function loadFrom(out: number[], local: number, offset: number): void {
  out.push(OP.localGet);
  pushUleb(out, local);
  out.push(OP.f64Load, 3);
  pushUleb(out, offset);
}

/** How a state or parameter is loaded: appends its instructions to `out`. */
export interface TreeNaming {
  state(out: number[], i: number): void;
  param(out: number[], k: number): void;
}

/**
 * Writes statements for trees into a function body (`body`, appended to). Its f64 locals are
 * numbered from `firstLocal` (`localCount` of them when done); the Math functions are called by
 * their index in MATH_IMPORTS.
 */
export class TreeCode {
  localCount = 0;
  private readonly sharedLocals = new Map<string, number>();

  constructor(
    private readonly stateIndex: ReadonlyMap<string, number>,
    private readonly paramIndex: ReadonlyMap<string, number>,
    private readonly naming: TreeNaming,
    private readonly shared: SharedTrees | undefined,
    private readonly firstLocal: number,
    readonly body: number[] = [],
  ) {}

  /** Stores `node`'s value as an f64 at byte address `address`. */
  store(node: Node, address: number): void {
    const out = this.body;
    out.push(OP.i32Const);
    pushSleb(out, address);
    this.expr(node, out);
    out.push(OP.f64Store, 3, 0);
  }

  private local(): number {
    return this.firstLocal + this.localCount++;
  }

  /** The value of `node`, left on the stack and kept in a new local (returned). */
  private compute(node: Node, out: number[]): number {
    this.expr(node, out);
    const local = this.local();
    out.push(OP.localTee);
    pushUleb(out, local);
    return local;
  }

  private expr(node: Node, out: number[]): void {
    switch (node.kind) {
      case 'num':
        return f64Const(out, node.value);
      case 'const':
        return f64Const(out, CONSTANTS[node.name]);
      case 'sym': {
        if (isSharedName(node.name)) {
          const local = this.sharedLocals.get(node.name);
          if (local !== undefined) {
            out.push(OP.localGet);
            pushUleb(out, local);
            return;
          }
          if (this.shared === undefined) throw new Error('compile: a shared subexpression without its trees');
          this.sharedLocals.set(node.name, this.compute(this.shared.tree(node.name), out));
          return;
        }
        const i = this.stateIndex.get(node.name);
        if (i !== undefined) return this.naming.state(out, i);
        const k = this.paramIndex.get(node.name);
        if (k !== undefined) return this.naming.param(out, k);
        throw new Error('compile: a symbol is neither a state nor a parameter');
      }
      case 'neg':
        this.expr(node.arg, out);
        out.push(OP.f64Neg);
        return;
      case 'bin':
        if (node.op === '^') return this.power(node.left, node.right, out);
        this.expr(node.left, out);
        this.expr(node.right, out);
        out.push(BIN[node.op]);
        return;
      case 'call':
        return this.call(node.fn, node.args, out);
      case 'cond':
        this.expr(node.then, out);
        this.expr(node.else, out);
        this.expr(node.left, out);
        this.expr(node.right, out);
        out.push(OP.f64Lt, OP.select);
        return;
    }
  }

  private call(fn: FnName, args: readonly Node[], out: number[]): void {
    const spec = functionSpec(fn);
    if (spec.expand) return this.expr(spec.expand(args), out);
    for (const a of args) this.expr(a, out);
    const js = spec.js ?? '';
    const native = NATIVE[js];
    if (native !== undefined) {
      out.push(native);
      return;
    }
    const name = js.startsWith('Math.') ? js.slice(5) : '';
    if (!isMathName(name)) throw new Error('compile: a function of the registry has no WebAssembly form');
    out.push(OP.call, MATH_NAMES.indexOf(name));
  }

  /** As the JavaScript generator: b*b*...*b (left to right) or 1/(b*...*b) for whole |n| <= 4, else Math.pow. */
  private power(base: Node, exponent: Node, out: number[]): void {
    const n = exponent.kind === 'num' ? exponent.value : NaN;
    if (Number.isInteger(n) && n !== 0 && Math.abs(n) <= 4) {
      // 1 (for a negative power), then the base kept in a local, times itself from the local.
      if (n < 0) f64Const(out, 1);
      const b = this.compute(base, out);
      for (let i = 1; i < Math.abs(n); i++) {
        out.push(OP.localGet);
        pushUleb(out, b);
        out.push(OP.f64Mul);
      }
      if (n < 0) out.push(OP.f64Div);
      return;
    }
    this.expr(base, out);
    this.expr(exponent, out);
    out.push(OP.call, MATH_NAMES.indexOf('pow'));
  }
}
