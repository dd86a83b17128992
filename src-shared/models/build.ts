/**
 * Turns a ModelDef (data) into checked ASTs: every name valid and unique, every state with exactly
 * one equation, every equation and definition parsed against the declared symbols, definitions
 * substituted. Any problem throws: ModelError (naming the field) for the model's structure,
 * ExprError (naming the equation, column and token) for equation text.
 */
import { IDENTIFIER, depthOf, isConstantName, isFunctionName, substitute, type Node } from '../expr/ast';
import { differentiate } from '../expr/diff';
import { parseExpression } from '../expr/parse';
import { simplify } from '../expr/simplify';
import type { ModelDef } from './types';

/** Longest accepted symbol name. */
export const MAX_NAME_LENGTH = 64;
/** Deepest accepted right-hand side after substituting definitions. */
export const MAX_TREE_DEPTH = 1000;
/** Largest accepted right-hand side (number of nodes) after substituting definitions. */
export const MAX_TREE_NODES = 100_000;
/** Longest chain of definitions referring to definitions. */
export const MAX_DEFINITION_CHAIN = 32;
/** Most symbols (states, parameters, inputs and definitions together) a model may declare. */
export const MAX_SYMBOLS = 1000;

/** Number of nodes of a tree, counting stops once it exceeds `limit`. */
function sizeOf(node: Node, limit: number): number {
  let count = 0;
  const stack: Node[] = [node];
  while (stack.length > 0 && count <= limit) {
    const n = stack.pop() as Node;
    count++;
    if (n.kind === 'neg') stack.push(n.arg);
    else if (n.kind === 'bin') stack.push(n.left, n.right);
    else if (n.kind === 'call') stack.push(...n.args);
    else if (n.kind === 'cond') stack.push(n.left, n.right, n.then, n.else);
  }
  return count;
}

/** A structural problem of a model definition; `field` names it, e.g. `params[2].name`. */
export class ModelError extends Error {
  readonly field: string;
  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.name = 'ModelError';
    this.field = field;
  }
}

export interface ModelAst {
  def: ModelDef;
  /** State names in model order. */
  stateNames: readonly string[];
  /** Parameter names then input names (the layout of the parameter vector p). */
  paramNames: readonly string[];
  /** Number of constant parameters; inputs follow them in paramNames. */
  nParams: number;
  /** Right-hand sides in state order, definitions substituted (symbols: states, params, inputs). */
  rhs: Node[];
  /**
   * The definitions as parsed (they may name states, params, inputs and earlier definitions), in an
   * order where each comes after every definition it uses; for code that computes each once.
   */
  definitions: { name: string; expr: Node }[];
  /** Right-hand sides in state order as parsed, definitions not substituted. */
  equations: Node[];
}

function checkArray(def: ModelDef, key: keyof ModelDef): void {
  if (!Array.isArray(def[key])) throw new ModelError(key, 'must be a list');
}

function checkNumber(field: string, v: unknown): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ModelError(field, 'must be a finite number');
}

/** Checks names and numbers of every symbol; returns all declared names. */
function checkSymbols(def: ModelDef): Set<string> {
  const seen = new Map<string, string>();
  const groups = ['states', 'params', 'inputs', 'definitions'] as const;
  const total = groups.reduce((n, g) => n + def[g].length, 0);
  if (total > MAX_SYMBOLS) throw new ModelError('model', `more than ${MAX_SYMBOLS} symbols (${total})`);
  for (const g of groups) {
    def[g].forEach((s, i) => {
      const field = `${g}[${i}].name`;
      const name: unknown = s?.name;
      if (typeof name !== 'string' || name === '') throw new ModelError(field, 'a name is required');
      if (name.length > MAX_NAME_LENGTH) {
        throw new ModelError(field, `name longer than ${MAX_NAME_LENGTH} characters`);
      }
      if (!IDENTIFIER.test(name)) {
        throw new ModelError(field, `'${name}' is not a valid name (letters, digits and _, not starting with a digit)`);
      }
      if (isFunctionName(name) || isConstantName(name)) {
        throw new ModelError(field, `'${name}' is reserved (a function or constant of the language)`);
      }
      const prev = seen.get(name);
      if (prev !== undefined) throw new ModelError(field, `'${name}' is already declared as ${prev}`);
      seen.set(name, `${g}[${i}]`);
    });
  }
  def.states.forEach((s, i) => checkNumber(`states[${i}].initial (${s.name})`, s.initial));
  def.params.forEach((p, i) => {
    const field = `params[${i}].default (${p.name})`;
    checkNumber(field, p.default);
    if (p.domain === 'positive' && !(p.default > 0)) throw new ModelError(field, 'must be > 0');
    if (p.domain === 'nonnegative' && !(p.default >= 0)) throw new ModelError(field, 'must be >= 0');
    if (p.domain === 'nonzero' && p.default === 0) throw new ModelError(field, 'must not be 0');
    if (p.domain !== undefined && !['positive', 'nonnegative', 'nonzero'].includes(p.domain)) {
      throw new ModelError(`params[${i}].domain (${p.name})`, `unknown domain '${String(p.domain)}'`);
    }
  });
  def.inputs.forEach((p, i) => checkNumber(`inputs[${i}].default (${p.name})`, p.default));
  return new Set(seen.keys());
}

/**
 * Parses the definitions and resolves them into trees over states, params and inputs; `ordered`
 * lists the parsed definitions, each after those it uses.
 */
function resolveDefinitions(def: ModelDef, symbols: Set<string>): { resolved: Map<string, Node>; ordered: { name: string; expr: Node }[] } {
  const parsed = new Map<string, Node>();
  def.definitions.forEach((d, i) => {
    if (typeof d.expr !== 'string') throw new ModelError(`definitions[${i}].expr`, 'must be text');
    parsed.set(d.name, parseExpression(d.expr, symbols, `definition ${d.name}`));
  });
  const resolved = new Map<string, Node>();
  const ordered: { name: string; expr: Node }[] = [];
  const visiting = new Set<string>();
  const resolve = (name: string, path: string[]): Node => {
    const done = resolved.get(name);
    if (done) return done;
    if (visiting.has(name)) {
      throw new ModelError(`definition ${path[0]}`, `refers to itself (${[...path, name].join(' -> ')})`);
    }
    if (path.length >= MAX_DEFINITION_CHAIN) {
      throw new ModelError(`definition ${path[0]}`, `definitions nested more than ${MAX_DEFINITION_CHAIN} deep`);
    }
    visiting.add(name);
    const tree = substitute(parsed.get(name) as Node, (s) => (parsed.has(s) ? resolve(s, [...path, name]) : undefined));
    visiting.delete(name);
    resolved.set(name, tree);
    ordered.push({ name, expr: parsed.get(name) as Node });
    return tree;
  };
  for (const name of parsed.keys()) resolve(name, []);
  return { resolved, ordered };
}

/** Validates `def` and returns its right-hand sides as ASTs (see ModelAst). Throws on any problem. */
export function buildModel(def: ModelDef): ModelAst {
  try {
    return buildChecked(def);
  } catch (e) {
    // Trees are bounded above, so this is a last line of defence, not an expected path.
    if (e instanceof RangeError) throw new ModelError('model', 'equations nested too deeply');
    throw e;
  }
}

function buildChecked(def: ModelDef): ModelAst {
  if (typeof def !== 'object' || def === null) throw new ModelError('model', 'must be an object');
  for (const key of ['states', 'params', 'inputs', 'definitions', 'equations'] as const) checkArray(def, key);
  if (def.states.length === 0) throw new ModelError('states', 'a model needs at least one state variable');
  const symbols = checkSymbols(def);
  const { resolved: defs, ordered } = resolveDefinitions(def, symbols);

  const stateNames = def.states.map((s) => s.name);
  const stateIndex = new Map(stateNames.map((n, i) => [n, i] as const));
  const rhs: (Node | undefined)[] = stateNames.map(() => undefined);
  const equations: Node[] = [];
  def.equations.forEach((eq, i) => {
    const state: unknown = eq?.state;
    const field = `equations[${i}]`;
    if (typeof state !== 'string') throw new ModelError(`${field}.state`, 'must name a state variable');
    const k = stateIndex.get(state);
    if (k === undefined) throw new ModelError(`${field}.state`, `'${state}' is not a state variable`);
    if (rhs[k] !== undefined) throw new ModelError(`${field}.state`, `second equation for '${state}'`);
    if (typeof eq.rhs !== 'string') throw new ModelError(`${field}.rhs`, 'must be text');
    const parsed = parseExpression(eq.rhs, symbols, `equation ${state}'`);
    const tree = substitute(parsed, (s) => defs.get(s));
    if (sizeOf(tree, MAX_TREE_NODES) > MAX_TREE_NODES) {
      throw new ModelError(`equation ${state}'`, `more than ${MAX_TREE_NODES} terms after substituting definitions`);
    }
    if (depthOf(tree) > MAX_TREE_DEPTH) {
      throw new ModelError(`equation ${state}'`, `nested deeper than ${MAX_TREE_DEPTH} levels after substituting definitions`);
    }
    rhs[k] = tree;
    equations[k] = parsed;
  });
  rhs.forEach((r, k) => {
    if (r === undefined) throw new ModelError('equations', `no equation for state '${stateNames[k]}'`);
  });
  return {
    def,
    stateNames,
    paramNames: [...def.params.map((p) => p.name), ...def.inputs.map((p) => p.name)],
    nParams: def.params.length,
    rhs: rhs as Node[],
    definitions: ordered,
    equations,
  };
}

export interface DerivativeAsts {
  /** jacobian[i][j] = d rhs_i / d y_j (simplified). */
  jacobian: Node[][];
  /** paramJacobian[i][k] = d rhs_i / d p_k over paramNames (simplified). */
  paramJacobian: Node[][];
}

/** Symbolic Jacobians of a built model with respect to the states and the parameter vector. */
export function derivativeAsts(model: ModelAst): DerivativeAsts {
  const dAll = (names: readonly string[]) => model.rhs.map((f) => names.map((x) => simplify(differentiate(f, x))));
  return { jacobian: dAll(model.stateNames), paramJacobian: dAll(model.paramNames) };
}
