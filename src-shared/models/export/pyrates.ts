/**
 * Export of a model to PyRates: the flattened YAML form PyRates' own `CircuitTemplate.to_yaml`
 * writes, which PyRates (1.0 and later) loads with `CircuitTemplate.from_yaml("file/NAME")`:
 *
 *   NAME_op:  base OperatorTemplate; the definitions as algebraic equations in dependency order,
 *             then one ODE `x' = ...` per state; variables: the first state `output(x0)`, the other
 *             states `variable(x0)`, parameters as float constants, inputs `input(default)` (an
 *             unconnected input keeps its default), definitions `variable(0.0)` (in equation order)
 *   NAME_pop: base NodeTemplate with that one operator
 *   NAME:     base CircuitTemplate with the node `p` and no edges
 *
 * Equations are printed from the parsed trees in PyRates' syntax (its function names, `^` for
 * powers, every number as a float literal that reads back as the same double), so the file says
 * exactly what the model computes. Names PyRates refuses or misreads are refused here (ExportError
 * naming the symbol). Descriptions and units go into YAML comments, which PyRates ignores.
 */
import { IDENTIFIER, symbolsOf } from '../../expr/ast';
import { parseExpression } from '../../expr/parse';
import { toText } from '../../expr/print';
import type { Node } from '../../expr/ast';
import { buildModel } from '../build';
import type { ModelDef, SymbolInfo } from '../types';
import { pyratesFunctionName, pyratesNameProblem } from './pyrates-names';

/** A model that cannot be written in the requested form; `symbol` names the symbol at fault ('' for the model). */
export class ExportError extends Error {
  readonly symbol: string;
  constructor(symbol: string, message: string) {
    super(message);
    this.name = 'ExportError';
    this.symbol = symbol;
  }
}

/**
 * A number as a PyRates/YAML float literal: always with a decimal point and a signed exponent
 * (`1.0`, `-0.0`, `0.02`, `1.0e-7`, `1.5e+21`), which YAML 1.1 and 1.2 loaders and Python read
 * as a float, and the shortest such text, so it reads back as the same double.
 */
export function pyratesFloat(v: number): string {
  if (!Number.isFinite(v)) throw new ExportError('', `cannot write the number ${String(v)} for PyRates`);
  if (Object.is(v, -0)) return '-0.0';
  const s = String(v);
  const e = s.indexOf('e');
  if (e < 0) return s.includes('.') ? s : `${s}.0`;
  const mant = s.slice(0, e);
  return `${mant.includes('.') ? mant : `${mant}.0`}${s.slice(e)}`;
}

/** An expression tree in PyRates' equation syntax. */
export function pyratesExpression(node: Node): string {
  if (containsCond(node)) throw new ExportError('', 'a branch (a < b ? x : y) has no PyRates form');
  return toText(node, { fn: pyratesFunctionName, number: pyratesFloat });
}

function containsCond(n: Node): boolean {
  switch (n.kind) {
    case 'cond':
      return true;
    case 'neg':
      return containsCond(n.arg);
    case 'bin':
      return containsCond(n.left) || containsCond(n.right);
    case 'call':
      return n.args.some(containsCond);
    default:
      return false;
  }
}

/** A YAML double-quoted scalar (JSON's escapes are YAML's; line and paragraph separators escaped too). */
export function yamlQuoted(s: string): string {
  return JSON.stringify(s).replace(/[\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A mapping key or plain value: as is, quoted only where a YAML 1.1 or 1.2 loader would read a non-string. */
export function yamlKey(name: string): string {
  return /^(?:true|false|null|yes|no|on|off|y|n|~)$/i.test(name) ? yamlQuoted(name) : name;
}

/** One line of comment text (no line breaks; empty when nothing to say). */
function commentText(s: string): string {
  return s.replace(/[\r\n\u0085\u2028\u2029]+/g, ' ').trim();
}

function symbolComment(s: SymbolInfo, extra = ''): string {
  const parts = [commentText(s.description), s.unit !== '' ? `[${commentText(s.unit)}]` : '', extra].filter((x) => x !== '');
  return parts.length > 0 ? `  # ${parts.join(' ')}` : '';
}

const DOMAIN_TEXT = { positive: '(> 0)', nonnegative: '(>= 0)', nonzero: '(!= 0)' } as const;

/** The definitions in an order where each comes after those it uses (stable: model order otherwise). */
export function definitionOrder(def: ModelDef, trees: ReadonlyMap<string, Node>): string[] {
  const order: string[] = [];
  const done = new Set<string>();
  const visit = (name: string) => {
    if (done.has(name)) return;
    done.add(name);
    for (const s of symbolsOf(trees.get(name) as Node)) if (trees.has(s)) visit(s);
    order.push(name);
  };
  // buildModel has refused cycles, so every visit ends.
  for (const d of def.definitions) visit(d.name);
  return order;
}

/** Checks that PyRates can take every name of `def`; ExportError naming the first that it cannot. */
function checkNames(def: ModelDef): void {
  if (typeof def.name !== 'string' || !IDENTIFIER.test(def.name)) {
    throw new ExportError('', `the model name '${String(def.name)}' cannot name a PyRates template (letters, digits and _, not starting with a digit)`);
  }
  for (const group of [def.states, def.params, def.inputs, def.definitions]) {
    for (const s of group) {
      const problem = pyratesNameProblem(s.name);
      if (problem !== null) throw new ExportError(s.name, `the symbol '${s.name}' ${problem}; rename it to export the model to PyRates`);
    }
  }
}

/** Template names of the export of `def` (operator, node, circuit). */
export function pyratesTemplateNames(def: ModelDef): { operator: string; node: string; circuit: string } {
  return { operator: `${def.name}_op`, node: `${def.name}_pop`, circuit: def.name };
}

/**
 * What a PyRates file written by toPyratesYaml holds of `def`, as a definition: no parameter
 * domains (PyRates has none), the definitions in dependency order, and every expression as it is
 * printed there. Reading the file back gives a definition with this content (the same modelHash).
 */
export function pyratesContent(def: ModelDef): ModelDef {
  buildModel(def);
  const symbols = new Set([...def.states, ...def.params, ...def.inputs, ...def.definitions].map((s) => s.name));
  const printed = (text: string) => pyratesExpression(parseExpression(text, symbols));
  const trees = new Map(def.definitions.map((d) => [d.name, parseExpression(d.expr, symbols)] as const));
  const byName = new Map(def.definitions.map((d) => [d.name, d] as const));
  return {
    ...def,
    params: def.params.map(({ domain: _domain, ...p }) => p),
    definitions: definitionOrder(def, trees).map((n) => {
      const d = byName.get(n) as ModelDef['definitions'][number];
      return { ...d, expr: printed(d.expr) };
    }),
    equations: def.equations.map((e) => ({ ...e, rhs: printed(e.rhs) })),
  };
}

/** The PyRates YAML file of `def` (see the file comment). Throws ModelError/ExprError for a broken model, ExportError for names PyRates refuses. */
export function toPyratesYaml(def: ModelDef): string {
  const built = buildModel(def);
  checkNames(def);
  const symbols = new Set([...def.states, ...def.params, ...def.inputs, ...def.definitions].map((s) => s.name));
  const defTrees = new Map(def.definitions.map((d) => [d.name, parseExpression(d.expr, symbols, `definition ${d.name}`)] as const));
  const eqTrees = new Map(def.equations.map((e) => [e.state, parseExpression(e.rhs, symbols, `equation ${e.state}'`)] as const));
  const names = pyratesTemplateNames(def);

  const order = definitionOrder(def, defTrees);
  const defInfo = new Map(def.definitions.map((d) => [d.name, d] as const));
  const equations: string[] = [];
  for (const name of order) equations.push(`${name} = ${exprOf(name, defTrees.get(name) as Node)}`);
  for (const state of built.stateNames) equations.push(`${state}' = ${exprOf(state, eqTrees.get(state) as Node)}`);

  // The title on the first line of the description (a reader of the file takes it from there), then the description.
  const about = [commentText(def.title), commentText(def.description)].filter((x) => x !== '').join('\n');
  const lines: string[] = [
    '%YAML 1.2',
    '---',
    `# ${commentText(def.title) || def.name}: exported from MeanField Studio (model ${def.name}, version ${def.version}).`,
    `# Load in PyRates with CircuitTemplate.from_yaml("<this file without .yaml>/${names.circuit}").`,
    `${yamlKey(names.operator)}:`,
    '  base: OperatorTemplate',
    '  equations:',
    ...equations.map((e) => `    - ${yamlQuoted(e)}`),
    '  variables:',
  ];
  def.states.forEach((s, i) => {
    lines.push(`    ${yamlKey(s.name)}: ${i === 0 ? 'output' : 'variable'}(${pyratesFloat(s.initial)})${symbolComment(s)}`);
  });
  for (const p of def.params) lines.push(`    ${yamlKey(p.name)}: ${pyratesFloat(p.default)}${symbolComment(p, p.domain ? DOMAIN_TEXT[p.domain] : '')}`);
  for (const p of def.inputs) lines.push(`    ${yamlKey(p.name)}: input(${pyratesFloat(p.default)})${symbolComment(p)}`);
  for (const name of order) lines.push(`    ${yamlKey(name)}: variable(0.0)${symbolComment(defInfo.get(name) as SymbolInfo)}`);
  lines.push(
    '',
    `${yamlKey(names.node)}:`,
    '  base: NodeTemplate',
    '  operators:',
    `    - ${yamlKey(names.operator)}`,
    '',
    `${yamlKey(names.circuit)}:`,
    '  base: CircuitTemplate',
    ...(about !== '' ? [`  description: ${yamlQuoted(about)}`] : []),
    '  nodes:',
    `    p: ${yamlKey(names.node)}`,
    '  edges: []',
    '',
  );
  return lines.join('\n');
}

function exprOf(name: string, tree: Node): string {
  try {
    return pyratesExpression(tree);
  } catch (e) {
    if (e instanceof ExportError) throw new ExportError(name, `${name}: ${e.message}`);
    throw e;
  }
}
