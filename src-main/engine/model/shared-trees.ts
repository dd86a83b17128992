/**
 * Shared subexpressions for generated code: a model's definitions (e.g. `r_in = J*r`) and their
 * derivatives stand in the trees as symbols of their own, which the code generator computes once
 * as locals of the generated function and reuses wherever they appear (../codegen.ts), instead of
 * substituting each definition's text into every equation and differentiating it again there.
 *
 * A shared symbol is named `@<k>`: no model symbol can carry that name (names are identifiers). Its
 * derivative with respect to a state or parameter is again shared (chain rule through definitions:
 * d(def)/dy is computed once and used by every equation that uses the definition), or a plain
 * number or symbol when that is all it is; a derivative that vanishes is pruned as 0.
 *
 * Same values as substitution: a shared tree keeps the top of its structure visible where the
 * simplifier looks (numbers, constants and symbols are never shared; `-x` and `c*x` with a number c
 * become `-@k` and `c*@k`), so the simplifier makes the same choices (sign pulling, folding of
 * constant factors) as on the substituted trees. The arithmetic is then the same operation for
 * operation whenever a definition's text is already in simplified form (as in the templates).
 */
import { symbolsOf, substitute, type Node } from '@shared/expr/ast';
import { differentiate, type SymbolRules } from '@shared/expr/diff';
import { toText } from '@shared/expr/print';
import { simplify } from '@shared/expr/simplify';
import type { ModelAst } from '@shared/models/build';

/** True for the names of shared subexpressions (never a model symbol). */
export const isSharedName = (name: string): boolean => name.startsWith('@');

export class SharedTrees {
  /** Right-hand sides in state order, definitions as shared symbols. */
  readonly equations: Node[];
  /** Differentiates shared symbols by the chain rule (for `differentiate(tree, x, rules)`). */
  readonly rules: SymbolRules;
  private readonly trees: Node[] = [];
  /** Model symbols (states, parameters, inputs) each shared tree depends on, through other shared trees. */
  private readonly deps: Set<string>[] = [];
  private readonly byText = new Map<string, Node>();
  private readonly derivatives = new Map<string, Node>();

  /**
   * @param simplified whether definitions are simplified before sharing, as derivative code does
   *   (derivatives of the substituted trees are simplified, definitions included); rhs code keeps
   *   the definitions as written, like the substituted right-hand sides.
   */
  constructor(model: ModelAst, simplified: boolean) {
    const defs = new Map<string, Node>();
    for (const { name, expr } of model.definitions) {
      const tree = substitute(expr, (s) => defs.get(s));
      defs.set(name, this.share(simplified ? simplify(tree) : tree));
    }
    this.equations = model.equations.map((e) => substitute(e, (s) => defs.get(s)));
    this.rules = {
      derivative: (name, x) => (isSharedName(name) ? this.derivative(name, x) : undefined),
      dependsOn: (name, x) => isSharedName(name) && this.dependencies(name).has(x),
    };
  }

  /** The tree a shared symbol stands for (over model symbols and earlier shared symbols). */
  tree(name: string): Node {
    return this.trees[this.index(name)];
  }

  /** The model symbols a shared symbol depends on. */
  dependencies(name: string): ReadonlySet<string> {
    return this.deps[this.index(name)];
  }

  /** d tree / d x, simplified, through shared symbols (derivatives of shared trees are shared). */
  differentiate(tree: Node, x: string): Node {
    return simplify(differentiate(tree, x, this.rules));
  }

  /**
   * A tree equivalent to `t` whose compound parts are shared symbols; equal trees share one symbol.
   * Numbers, constants and symbols stay as they are; `-x` and `c*x` (c a number) keep their top.
   */
  share(t: Node): Node {
    switch (t.kind) {
      case 'num':
      case 'const':
      case 'sym':
        return t;
      case 'neg':
        return { kind: 'neg', arg: this.share(t.arg) };
      case 'bin':
        if (t.op === '*' && t.left.kind === 'num') return { kind: 'bin', op: '*', left: t.left, right: this.share(t.right) };
        break;
      default:
        break;
    }
    const key = toText(t);
    const known = this.byText.get(key);
    if (known !== undefined) return known;
    const deps = new Set<string>();
    for (const s of symbolsOf(t)) {
      if (isSharedName(s)) for (const d of this.dependencies(s)) deps.add(d);
      else deps.add(s);
    }
    const symbol: Node = { kind: 'sym', name: `@${this.trees.length}` };
    this.trees.push(t);
    this.deps.push(deps);
    this.byText.set(key, symbol);
    return symbol;
  }

  private index(name: string): number {
    const k = Number(name.slice(1));
    if (!isSharedName(name) || !(k < this.trees.length)) throw new Error(`compile: ${name} is not a shared subexpression`);
    return k;
  }

  private derivative(name: string, x: string): Node {
    if (!this.dependencies(name).has(x)) return { kind: 'num', value: 0 };
    const key = `${name}|${x}`;
    let d = this.derivatives.get(key);
    if (d === undefined) {
      d = this.share(this.differentiate(this.tree(name), x));
      this.derivatives.set(key, d);
    }
    return d;
  }
}
