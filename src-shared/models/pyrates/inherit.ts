/**
 * Templates after inheritance, exactly as PyRates applies `base:` (a parent template) to a child:
 *
 * - operator: `equations:` as text or a list replaces all equations; as a mapping it edits every
 *   parent equation with `replace: {old: new}` (token-aware: a match must be bounded by an operator,
 *   bracket, comma, space or the ends of the text), `remove: [...]` (replace by nothing),
 *   `append:`/`prepend:` (text added at the end/start), and `add: [...]` appends new equations.
 *   `variables:` are merged (the child's entries win). After an update, variables whose name
 *   occurs in no equation are dropped, as PyRates does.
 * - node: `operators:` replaces the parent's operators.
 * - circuit: `nodes:` (and `circuits:`) are merged by key; `edges:` are appended to the parent's.
 *
 * Keys other than those PyRates accepts are refused (e.g. the documented but unsupported `label:`).
 */
import { PyratesError, type Pos } from './errors';
import { CLASS_KINDS, type RawTemplate, type TemplateKind, type TemplateLibrary } from './resolve';
import type { YScalar, YValue } from './yaml-read';

export interface Located<T> {
  value: T;
  pos: Pos;
}

export interface OperatorT {
  kind: 'operator';
  id: string;
  name: string;
  file: string;
  pos: Pos;
  description?: string;
  equations: Located<string>[];
  /** Variables in declaration order (the values as written; see ./variables.ts). */
  variables: Map<string, YValue>;
}

export interface OperatorUse {
  op: OperatorT;
  /** Per-node changes of variable values (`operators: {op: {tau: 2.0}}`). */
  changes: Map<string, YValue>;
  pos: Pos;
}

export interface NodeT {
  kind: 'node' | 'edge';
  id: string;
  name: string;
  file: string;
  pos: Pos;
  description?: string;
  operators: OperatorUse[];
}

export interface CircuitT {
  kind: 'circuit';
  id: string;
  name: string;
  file: string;
  pos: Pos;
  description?: string;
  nodes: Map<string, Located<NodeT>>;
  /** Sub-circuits (refused when flattening, kept here to name them). */
  circuits: Map<string, Pos>;
  edges: YValue[];
}

export type Template = OperatorT | NodeT | CircuitT;

const KEYS: Record<TemplateKind, readonly string[]> = {
  operator: ['base', 'description', 'equations', 'variables'],
  node: ['base', 'description', 'operators'],
  edge: ['base', 'description', 'operators'],
  circuit: ['base', 'description', 'nodes', 'circuits', 'edges'],
};

/** PyRates' delimiters of a token in an equation (for replace/remove). */
const DELIMITERS = new Set([...'-+=*/^<>!.%@[](): ,']);

/** Replaces every occurrence of `old` in `text` that is bounded by delimiters or the ends. */
export function replaceToken(text: string, old: string, by: string): string {
  if (old === '') return text;
  let out = '';
  let from = 0;
  for (let i = text.indexOf(old); i >= 0; i = text.indexOf(old, i)) {
    const before = i === 0 || DELIMITERS.has(text[i - 1]);
    const end = i + old.length;
    const after = end === text.length || DELIMITERS.has(text[end]);
    if (before && after) {
      out += text.slice(from, i) + by;
      from = end;
      i = end;
    } else i++;
  }
  return out + text.slice(from);
}

const MAX_CHAIN = 32;

export class Inheritance {
  private readonly cache = new Map<string, Template>();
  private readonly chain: string[] = [];

  constructor(private readonly lib: TemplateLibrary) {}

  private fail(raw: { file: string }, problem: string, pos?: Pos): never {
    throw new PyratesError(raw.file, problem, pos);
  }

  /** The class a template derives from, following `base:` (cycles refused naming the chain). */
  kindOf(raw: RawTemplate): TemplateKind {
    return this.resolve(raw).kind;
  }

  /** The template after inheritance (cached by file and name). */
  resolve(raw: RawTemplate): Template {
    const known = this.cache.get(raw.id);
    if (known !== undefined) return known;
    const at = this.chain.indexOf(raw.id);
    if (at >= 0) {
      const names = [...this.chain.slice(at), raw.id].map((id) => id.split('#')[1]);
      this.fail(raw, `inheritance cycle: ${names.join(' -> ')}; a template cannot be its own base`, raw.pos);
    }
    if (this.chain.length >= MAX_CHAIN) this.fail(raw, `templates nested more than ${MAX_CHAIN} deep (base of a base ...)`, raw.pos);
    this.chain.push(raw.id);
    try {
      const t = this.build(raw);
      this.cache.set(raw.id, t);
      return t;
    } finally {
      this.chain.pop();
    }
  }

  private build(raw: RawTemplate): Template {
    const base = raw.map.entries.get('base');
    if (base === undefined || base.kind !== 'scalar' || typeof base.value !== 'string' || base.value.trim() === '') {
      this.fail(raw, `template '${raw.name}' needs 'base:' (OperatorTemplate, NodeTemplate, CircuitTemplate or a parent template)`, base?.pos ?? raw.pos);
    }
    const baseName = (base as YScalar & { value: string }).value.trim();
    const cls = (CLASS_KINDS as Record<string, TemplateKind>)[baseName];
    const parent = cls === undefined ? this.resolve(this.lib.lookup(baseName, { file: raw.file, pos: base.pos }, 'base')) : undefined;
    const kind = cls ?? (parent as Template).kind;
    for (const [key, pos] of raw.map.keyPos) {
      if (!KEYS[kind].includes(key)) {
        this.fail(raw, `unknown key '${key}' in ${kind} template '${raw.name}' (accepted: ${KEYS[kind].join(', ')}); remove it`, pos);
      }
    }
    const description = this.text(raw, 'description');
    const common = { id: raw.id, name: raw.name, file: raw.file, pos: raw.pos, ...(description !== undefined ? { description } : {}) };
    if (kind === 'operator') return this.operator(raw, common, parent as OperatorT | undefined);
    if (kind === 'circuit') return this.circuit(raw, common, parent as CircuitT | undefined);
    return this.node(raw, kind, common, parent as NodeT | undefined);
  }

  private text(raw: RawTemplate, key: string): string | undefined {
    const v = raw.map.entries.get(key);
    if (v === undefined || (v.kind === 'scalar' && v.value === null)) return undefined;
    if (v.kind !== 'scalar' || typeof v.value !== 'string') this.fail(raw, `'${key}' must be text`, v.pos);
    return v.value as string;
  }

  private strings(raw: RawTemplate, v: YValue, what: string): Located<string>[] {
    const items = v.kind === 'seq' ? v.items : [v];
    return items.map((it) => {
      if (it.kind !== 'scalar' || typeof it.value !== 'string') this.fail(raw, `${what} must be text (an equation such as "x' = -x/tau")`, it.pos);
      return { value: it.value as string, pos: it.pos };
    });
  }

  private operator(raw: RawTemplate, common: Omit<OperatorT, 'kind' | 'equations' | 'variables'>, parent?: OperatorT): OperatorT {
    let equations = parent?.equations ?? [];
    const eq = raw.map.entries.get('equations');
    if (eq !== undefined && !(eq.kind === 'scalar' && eq.value === null)) {
      if (eq.kind === 'map') {
        if (parent === undefined) this.fail(raw, 'editing equations (replace/remove/add/...) needs a parent operator as base', eq.pos);
        equations = this.edit(raw, equations, eq);
      } else equations = this.strings(raw, eq, 'an equation');
    }
    const variables = new Map(parent?.variables ?? []);
    const vars = raw.map.entries.get('variables');
    if (vars !== undefined && !(vars.kind === 'scalar' && vars.value === null)) {
      if (vars.kind !== 'map') this.fail(raw, "'variables' must be a mapping of names to values", vars.pos);
      for (const [k, v] of vars.entries) variables.set(k, v);
    }
    if (parent !== undefined) {
      // PyRates keeps only variables whose name occurs (as text) in some equation after an update.
      for (const k of [...variables.keys()]) if (!equations.some((e) => e.value.includes(k))) variables.delete(k);
    }
    return { kind: 'operator', ...common, equations, variables };
  }

  private edit(raw: RawTemplate, parentEqs: Located<string>[], spec: YValue & { kind: 'map' }): Located<string>[] {
    const allowed = ['replace', 'remove', 'add', 'append', 'prepend'];
    for (const [k, pos] of spec.keyPos) if (!allowed.includes(k)) this.fail(raw, `unknown equation edit '${k}' (accepted: ${allowed.join(', ')})`, pos);
    let eqs = parentEqs.map((e) => ({ ...e }));
    const rep = spec.entries.get('replace');
    if (rep !== undefined) {
      if (rep.kind !== 'map') this.fail(raw, "'replace' must map old text to new text", rep.pos);
      for (const [old, by] of rep.entries) {
        if (by.kind !== 'scalar' || by.value === null || typeof by.value === 'boolean') this.fail(raw, `replacement of '${old}' must be text`, by.pos);
        eqs = eqs.map((e) => ({ value: replaceToken(e.value, old, String(by.value)), pos: e.pos }));
      }
    }
    const rem = spec.entries.get('remove');
    if (rem !== undefined)
      for (const r of this.strings(raw, rem, "'remove' entries")) eqs = eqs.map((e) => ({ value: replaceToken(e.value, r.value, ''), pos: e.pos }));
    const app = spec.entries.get('append');
    if (app !== undefined) for (const a of this.strings(raw, app, "'append'")) eqs = eqs.map((e) => ({ value: e.value + a.value, pos: e.pos }));
    const pre = spec.entries.get('prepend');
    if (pre !== undefined) for (const a of this.strings(raw, pre, "'prepend'")) eqs = eqs.map((e) => ({ value: a.value + e.value, pos: e.pos }));
    const add = spec.entries.get('add');
    if (add !== undefined) eqs = [...eqs, ...this.strings(raw, add, "'add' entries")];
    return eqs;
  }

  private node(raw: RawTemplate, kind: 'node' | 'edge', common: Omit<NodeT, 'kind' | 'operators'>, parent?: NodeT): NodeT {
    const ops = raw.map.entries.get('operators');
    if (ops === undefined || (ops.kind === 'scalar' && ops.value === null)) return { kind, ...common, operators: parent?.operators ?? [] };
    const uses: OperatorUse[] = [];
    const use = (ref: YValue, changes: YValue | undefined) => {
      if (ref.kind !== 'scalar' || typeof ref.value !== 'string') this.fail(raw, 'an operator is named by text', ref.pos);
      const t = this.resolve(this.lib.lookup(ref.value as string, { file: raw.file, pos: ref.pos }, 'operator'));
      if (t.kind !== 'operator') this.fail(raw, `'${String(ref.value)}' is a ${t.kind} template, not an operator`, ref.pos);
      const map = new Map<string, YValue>();
      if (changes !== undefined && !(changes.kind === 'scalar' && changes.value === null)) {
        if (changes.kind !== 'map') this.fail(raw, `changes of operator '${String(ref.value)}' must map variable names to values`, changes.pos);
        // Flat {var: value} is what PyRates applies; a nested `variables:` level (as in its docs) is accepted too.
        const nested = changes.entries.get('variables');
        const flat = nested !== undefined && nested.kind === 'map' && changes.entries.size === 1 ? nested : changes;
        for (const [k, v] of flat.entries) {
          if (!t.variables.has(k)) this.fail(raw, `operator '${t.name}' has no variable '${k}' to change`, flat.keyPos.get(k));
          map.set(k, v);
        }
      }
      uses.push({ op: t, changes: map, pos: ref.pos });
    };
    if (ops.kind === 'scalar') use(ops, undefined);
    else if (ops.kind === 'seq') for (const o of ops.items) use(o, undefined);
    else for (const [k, v] of ops.entries) use({ kind: 'scalar', value: k, pos: ops.keyPos.get(k) as Pos }, v);
    return { kind, ...common, operators: uses };
  }

  private circuit(raw: RawTemplate, common: Omit<CircuitT, 'kind' | 'nodes' | 'circuits' | 'edges'>, parent?: CircuitT): CircuitT {
    const nodes = new Map(parent?.nodes ?? []);
    const nv = raw.map.entries.get('nodes');
    if (nv !== undefined && !(nv.kind === 'scalar' && nv.value === null)) {
      if (nv.kind !== 'map') this.fail(raw, "'nodes' must map node names to node templates", nv.pos);
      for (const [k, v] of nv.entries) {
        if (v.kind !== 'scalar' || typeof v.value !== 'string') this.fail(raw, `node '${k}' must name a node template`, v.pos);
        const t = this.resolve(this.lib.lookup(v.value as string, { file: raw.file, pos: v.pos }, 'node'));
        if (t.kind !== 'node') this.fail(raw, `node '${k}': '${String(v.value)}' is a ${t.kind} template, not a node`, v.pos);
        nodes.set(k, { value: t as NodeT, pos: nv.keyPos.get(k) as Pos });
      }
    }
    const circuits = new Map(parent?.circuits ?? []);
    const cv = raw.map.entries.get('circuits');
    if (cv !== undefined && cv.kind === 'map') for (const [k, pos] of cv.keyPos) circuits.set(k, pos);
    else if (cv !== undefined && !(cv.kind === 'scalar' && cv.value === null)) this.fail(raw, "'circuits' must be a mapping", cv.pos);
    const edges = [...(parent?.edges ?? [])];
    const ev = raw.map.entries.get('edges');
    if (ev !== undefined && !(ev.kind === 'scalar' && ev.value === null)) {
      if (ev.kind !== 'seq') this.fail(raw, "'edges' must be a list", ev.pos);
      edges.push(...ev.items);
    }
    return { kind: 'circuit', ...common, nodes, circuits, edges };
  }
}
