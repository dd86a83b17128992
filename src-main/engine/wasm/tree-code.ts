/**
 * A model's expression trees (@shared/expr/ast) as WebAssembly code (./assembler.ts), with the
 * operations of the JavaScript generator (../codegen.ts's Emitter) in the same order, so the values
 * are the same bits: small whole powers (|n| <= 4) as products of the base, others and the
 * transcendental functions as calls of JavaScript's own Math functions (imported), abs, sqrt, min
 * and max as the WebAssembly instructions of the same IEEE semantics, `cond` as a select of both
 * branches. Shared subexpressions (../model/shared-trees.ts) are computed once into locals just
 * before their first use. Only numbers and fixed opcodes go into the code; no model text.
 */
import { CONSTANTS, type Node } from '@shared/expr/ast';
import { functionSpec, type FnName } from '@shared/expr/functions';
import { isSharedName, type SharedTrees } from '../model/shared-trees';
import { fAbs, fAdd, fDiv, f64, fLt, fMax, fMin, fMul, fNeg, fSqrt, fSub, get, call, select, set, type Code } from './assembler';
import { F64 } from './bytes';

/** The Math functions a model's code may import, by the name it is imported under (Math's own). */
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
export type MathName = keyof typeof MATH_FUNCTIONS;

const isMathName = (name: string): name is MathName => Object.prototype.hasOwnProperty.call(MATH_FUNCTIONS, name);

/** The instruction that computes a registered function, where WebAssembly has one with JavaScript's semantics. */
const NATIVE: Partial<Record<string, (args: Code[]) => Code>> = {
  'Math.abs': ([a]) => fAbs(a),
  'Math.sqrt': ([a]) => fSqrt(a),
  'Math.min': ([a, b]) => fMin(a, b),
  'Math.max': ([a, b]) => fMax(a, b),
};

/** How states and parameters are read (e.g. loads from the memory). */
export interface TreeNaming {
  state(i: number): Code;
  param(k: number): Code;
}

/** The import name of a Math function the code calls (prefixed, so that it cannot clash with the module's own functions). */
export const mathImportName = (name: MathName): string => `math.${name}`;

/**
 * Emits statements for trees into one function. Its locals (`locals`) and the Math functions it
 * calls (`math`) are collected as code is emitted; several emitters may write into one function
 * when their `prefix`es differ.
 */
export class TreeCode {
  readonly locals: Record<string, typeof F64> = {};
  readonly math = new Set<MathName>();
  private pending: Code[] = [];
  private readonly sharedLocals = new Map<string, string>();
  private count = 0;

  constructor(
    private readonly stateIndex: ReadonlyMap<string, number>,
    private readonly paramIndex: ReadonlyMap<string, number>,
    private readonly naming: TreeNaming,
    private readonly shared: SharedTrees | undefined,
    private readonly prefix: string,
  ) {}

  /** The statements that compute `node` (with the shared subexpressions it is the first to use) and store it. */
  assign(node: Node, store: (value: Code) => Code): Code[] {
    const value = this.expr(node);
    const out = [...this.pending, store(value)];
    this.pending = [];
    return out;
  }

  private local(): string {
    const name = `${this.prefix}${this.count++}`;
    this.locals[name] = F64;
    return name;
  }

  /** The local holding shared subexpression `name`, computed before the current statement on first use. */
  private sharedLocal(name: string): Code {
    const known = this.sharedLocals.get(name);
    if (known !== undefined) return get(known);
    if (this.shared === undefined) throw new Error('compile: a shared subexpression without its trees');
    const value = this.expr(this.shared.tree(name));
    const local = this.local();
    this.pending.push(set(local, value));
    this.sharedLocals.set(name, local);
    return get(local);
  }

  private expr(node: Node): Code {
    switch (node.kind) {
      case 'num':
        return f64(node.value);
      case 'const':
        return f64(CONSTANTS[node.name]);
      case 'sym': {
        if (isSharedName(node.name)) return this.sharedLocal(node.name);
        const i = this.stateIndex.get(node.name);
        if (i !== undefined) return this.naming.state(i);
        const k = this.paramIndex.get(node.name);
        if (k !== undefined) return this.naming.param(k);
        throw new Error('compile: a symbol is neither a state nor a parameter');
      }
      case 'neg':
        return fNeg(this.expr(node.arg));
      case 'bin': {
        if (node.op === '^') return this.power(node.left, node.right);
        const a = this.expr(node.left);
        const b = this.expr(node.right);
        switch (node.op) {
          case '+':
            return fAdd(a, b);
          case '-':
            return fSub(a, b);
          case '*':
            return fMul(a, b);
          case '/':
            return fDiv(a, b);
        }
        throw new Error('compile: an unknown operator');
      }
      case 'call':
        return this.call(node.fn, node.args);
      case 'cond':
        return select(fLt(this.expr(node.left), this.expr(node.right)), this.expr(node.then), this.expr(node.else));
    }
  }

  private call(fn: FnName, args: readonly Node[]): Code {
    const spec = functionSpec(fn);
    if (spec.expand) return this.expr(spec.expand(args));
    const codes = args.map((a) => this.expr(a));
    const js = spec.js ?? '';
    const native = NATIVE[js];
    if (native !== undefined) return native(codes);
    const name = js.startsWith('Math.') ? js.slice(5) : '';
    if (!isMathName(name)) throw new Error('compile: a function of the registry has no WebAssembly form');
    this.math.add(name);
    return call(mathImportName(name), ...codes);
  }

  /** As the JavaScript generator: b*b*...*b (left to right) or 1/(b*...*b) for whole |n| <= 4, else Math.pow. */
  private power(base: Node, exponent: Node): Code {
    const n = exponent.kind === 'num' ? exponent.value : NaN;
    if (Number.isInteger(n) && n !== 0 && Math.abs(n) <= 4) {
      const b = this.local();
      this.pending.push(set(b, this.expr(base)));
      let product = get(b);
      for (let i = 1; i < Math.abs(n); i++) product = fMul(product, get(b));
      return n > 0 ? product : fDiv(f64(1), product);
    }
    this.math.add('pow');
    return call(mathImportName('pow'), this.expr(base), this.expr(exponent));
  }
}
