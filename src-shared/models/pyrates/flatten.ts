/**
 * Flattens a circuit into one ModelDef, as PyRates wires it:
 * - within a node, an operator's `input` is fed by the same-named `output`s of the node's other
 *   operators (several are summed);
 * - an instantaneous edge makes its target input `target = sum of weight * source` (a definition);
 *   each weight becomes a parameter (named by ./names.ts);
 * - inputs fed by nothing become model inputs: time-dependent signals with their default;
 * - ODE targets become states (initial value = the declared value), constants parameters,
 *   algebraic equations definitions (in dependency order; circular ones are refused).
 * Each symbol's description keeps its PyRates path (node/operator/variable).
 */
import { substitute, sym, type Node } from '../../expr/ast';
import { tokenize } from '../../expr/lexer';
import { symbolLatex, toLatex } from '../../expr/print';
import type { DefinitionInfo, EquationDef, InputInfo, ModelDef, ParamInfo, StateInfo } from '../types';
import { readEdge, type EdgeSpec } from './edges';
import { PyratesError, type Pos } from './errors';
import type { CircuitT, NodeT } from './inherit';
import { chooseNames, identifierPart, weightNames } from './names';
import { readOperator, type ParsedEquation, type ReadOperator } from './operators';
import type { VarSpec } from './variables';

type Role = 'state' | 'param' | 'input' | 'definition';

interface Term {
  source: Sym;
  weight?: { name: string; edge: EdgeSpec };
}

interface Sym {
  node: string;
  op: ReadOperator;
  variable: string;
  spec: VarSpec;
  pos: Pos;
  equation?: ParsedEquation;
  incoming: Term[];
  role: Role;
  name: string;
}

const path = (s: Sym) => `${s.node}/${s.op.name}/${s.variable}`;

/** Rewrites the identifiers of `text` by `rename` (the text is otherwise kept as written). */
function renameText(text: string, rename: (local: string) => string | undefined): string {
  let out = '';
  let from = 0;
  for (const tok of tokenize(text)) {
    if (tok.type !== 'ident') continue;
    const to = rename(tok.text);
    if (to === undefined || to === tok.text) continue;
    out += text.slice(from, tok.pos) + to;
    from = tok.pos + tok.text.length;
  }
  return out + text.slice(from);
}

/** The description of a symbol: its own (legacy files), then its PyRates path and kind. */
function describe(s: Sym, kind: string): string {
  const base = s.spec.description !== undefined ? `${s.spec.description.trim()}. ` : '';
  return `${base}PyRates ${path(s)}: ${kind}`;
}

export interface FlattenInput {
  circuit: CircuitT;
  /** Name and file of what was imported (for messages and the model's description). */
  name: string;
  file: string;
  /** False to leave LaTeX empty (for callers that supply their own, such as the built-in templates). */
  latex?: boolean;
}

/** The ModelDef of a circuit (see the file comment). Throws PyratesError on any unsupported construct. */
export function flattenCircuit({ circuit, name, file, latex = true }: FlattenInput): ModelDef {
  for (const [sub, pos] of circuit.circuits) {
    throw new PyratesError(
      circuit.file,
      `sub-circuit '${sub}' of circuit '${circuit.name}': sub-circuits (circuits:) are not supported; list the nodes in one circuit`,
      pos,
    );
  }
  if (circuit.nodes.size === 0) throw new PyratesError(circuit.file, `circuit '${circuit.name}' has no nodes`, circuit.pos);
  const syms: Sym[] = [];
  const byPath = new Map<string, Sym>();
  const ops = new Map<string, ReadOperator[]>();
  for (const [nodeName, { value: node, pos }] of circuit.nodes) {
    if (node.operators.length === 0) throw new PyratesError(node.file, `node '${nodeName}' has no operators`, pos);
    const read: ReadOperator[] = [];
    for (const use of node.operators) {
      if (read.some((r) => r.name === use.op.name)) throw new PyratesError(node.file, `operator '${use.op.name}' appears twice in node '${nodeName}'`, use.pos);
      const op = readOperator(nodeName, use);
      read.push(op);
      for (const [variable, v] of op.variables) {
        const equation = op.equations.find((e) => e.target === variable);
        const s: Sym = { node: nodeName, op, variable, spec: v.spec, pos: v.pos, equation, incoming: [], role: 'param', name: '' };
        syms.push(s);
        byPath.set(path(s), s);
      }
    }
    ops.set(nodeName, read);
  }
  // Intra-node wiring by name.
  for (const s of syms) {
    if (s.spec.kind !== 'input') continue;
    for (const o of syms) if (o.node === s.node && o.op !== s.op && o.variable === s.variable && o.spec.kind === 'output') s.incoming.push({ source: o });
  }
  // Edges.
  const edges = circuit.edges.map((e) => readEdge(circuit.file, e));
  const endpoint = (edge: EdgeSpec, end: EdgeSpec['source'], what: string): Sym => {
    const s = byPath.get(`${end.node}/${end.op}/${end.variable}`);
    if (s !== undefined) return s;
    let problem = `the ${what} '${end.path}' does not exist: `;
    if (!circuit.nodes.has(end.node)) problem += `no node '${end.node}' (nodes: ${[...circuit.nodes.keys()].join(', ')})`;
    else if (!ops.get(end.node)?.some((o) => o.name === end.op)) problem += `node '${end.node}' has no operator '${end.op}'`;
    else problem += `operator '${end.op}' has no variable '${end.variable}' (or it is used by no equation)`;
    throw new PyratesError(circuit.file, `edge: ${problem}`, edge.pos);
  };
  const ends = edges.map((e) => {
    const source = endpoint(e, e.source, 'source');
    const target = endpoint(e, e.target, 'target');
    if (target.spec.kind !== 'input') {
      throw new PyratesError(circuit.file, `edge: the target '${e.target.path}' is not an input; an edge feeds a variable declared as input(...)`, e.pos);
    }
    return { source, target };
  });
  // Roles.
  for (const s of syms) {
    if (s.equation !== undefined) s.role = s.equation.kind === 'ode' ? 'state' : 'definition';
    else if (s.spec.kind === 'input') s.role = s.incoming.length > 0 || ends.some((e) => e.target === s) ? 'definition' : 'input';
    else s.role = 'param';
  }
  // Variables no equation uses and no edge touches are left out (PyRates keeps such leftovers of inheritance).
  const used = (s: Sym) =>
    s.role === 'state' || s.equation !== undefined || s.op.equations.some((e) => e.uses.has(s.variable)) || ends.some((e) => e.source === s || e.target === s);
  const kept = syms.filter(used);
  const names = chooseNames(
    kept.map((s) => ({ node: s.node, op: s.op.name, variable: s.variable })),
    circuit.nodes.size > 1,
  );
  kept.forEach((s, i) => (s.name = names[i]));
  const taken = new Set(names);
  const wNames = weightNames(
    edges.map((e) => ({ srcNode: e.source.node, srcVar: e.source.variable, tgtNode: e.target.node, tgtVar: e.target.variable })),
    taken,
  );
  edges.forEach((e, i) => ends[i].target.incoming.push({ source: ends[i].source, weight: { name: wNames[i], edge: e } }));

  const local = (s: Sym) => (v: string) => byPath.get(`${s.node}/${s.op.name}/${v}`)?.name;
  const exprOf = (s: Sym): string => {
    if (s.equation !== undefined) return renameText(s.equation.rhs, local(s));
    return s.incoming.map((t) => (t.weight ? `${t.weight.name}*${t.source.name}` : t.source.name)).join(' + ');
  };
  const latexOf = (s: Sym, ast: Node) => (latex ? `\\dot{${symbolLatex(s.name)}} = ${toLatex(substitute(ast, (v) => sym(local(s)(v) ?? v)))}` : '');
  const nameLatex = (name: string) => (latex ? symbolLatex(name) : '');

  const states: StateInfo[] = [];
  const params: ParamInfo[] = [];
  const inputs: InputInfo[] = [];
  const equations: EquationDef[] = [];
  const defs: Sym[] = [];
  for (const s of kept) {
    const info = { name: s.name, latex: nameLatex(s.name), unit: s.spec.unit ?? '' };
    if (s.role === 'state') {
      states.push({ ...info, description: describe(s, 'state variable'), initial: s.spec.value });
      const eq = s.equation as ParsedEquation;
      equations.push({ state: s.name, rhs: exprOf(s), latex: latexOf(s, eq.ast) });
    } else if (s.role === 'param') {
      params.push({ ...info, description: describe(s, s.spec.integer ? 'constant, written as an integer' : 'constant'), default: s.spec.value });
    } else if (s.role === 'input') {
      inputs.push({ ...info, description: describe(s, 'input'), default: s.spec.value });
    } else defs.push(s);
  }
  edges.forEach((e, i) => {
    params.push({
      name: wNames[i],
      latex: nameLatex(wNames[i]),
      description: `Weight of the edge ${e.source.path} -> ${e.target.path}`,
      unit: '',
      default: e.weight,
    });
  });
  const definitions: DefinitionInfo[] = orderDefinitions(defs).map((s) => ({
    name: s.name,
    latex: nameLatex(s.name),
    description: describe(s, s.equation ? 'algebraic equation' : 'sum of its inputs'),
    unit: s.spec.unit ?? '',
    expr: exprOf(s),
  }));
  const title = circuit.description?.split('\n')[0].trim() || `PyRates circuit ${name}`;
  return {
    name: identifierPart(name),
    version: 1,
    title,
    description: `${circuit.description ? `${circuit.description.trim()} ` : ''}Imported from the PyRates template ${name} of ${file}.`,
    states,
    params,
    inputs,
    definitions,
    equations,
  };
}

/** Definitions ordered so that each comes after those it uses; a circle is a PyratesError naming it. */
function orderDefinitions(defs: Sym[]): Sym[] {
  const set = new Set(defs);
  const deps = (s: Sym): Sym[] => {
    if (s.equation === undefined) return s.incoming.map((t) => t.source).filter((d) => set.has(d));
    return [...s.equation.uses].map((v) => defs.find((d) => d.node === s.node && d.op === s.op && d.variable === v)).filter((d): d is Sym => d !== undefined);
  };
  const out: Sym[] = [];
  const state = new Map<Sym, 'active' | 'done'>();
  const visit = (s: Sym, chain: Sym[]) => {
    if (state.get(s) === 'done') return;
    if (state.get(s) === 'active') {
      const circle = [...chain.slice(chain.indexOf(s)), s].map((x) => x.name).join(' -> ');
      const at = s.equation ?? chain.find((x) => x.equation)?.equation;
      throw new PyratesError(
        s.op.file,
        `algebraic equations depend on each other in a circle (${circle}); one of them must be a differential equation`,
        at?.pos ?? s.pos,
      );
    }
    state.set(s, 'active');
    for (const d of deps(s)) visit(d, [...chain, s]);
    state.set(s, 'done');
    out.push(s);
  };
  for (const s of defs) visit(s, []);
  return out;
}

/** A node template as a one-node circuit (the node keeps the template's name). */
export function nodeAsCircuit(node: NodeT): CircuitT {
  return {
    kind: 'circuit',
    id: node.id,
    name: node.name,
    file: node.file,
    pos: node.pos,
    ...(node.description !== undefined ? { description: node.description } : {}),
    nodes: new Map([[node.name, { value: node, pos: node.pos }]]),
    circuits: new Map(),
    edges: [],
  };
}
