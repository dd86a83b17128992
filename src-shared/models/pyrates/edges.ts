/**
 * A circuit's edges, read: `[source, target, template, {weight, delay, spread}]` or the mapping
 * form `{source, target, template, variables}`, with paths `node/operator/variable`. Only
 * instantaneous edges without an edge template are supported (`template` null or empty); delays,
 * spreads, edge templates and paths into sub-circuits are refused naming the construct.
 */
import { PyratesError, type Pos } from './errors';
import type { YValue } from './yaml-read';

export interface EdgeSpec {
  source: { node: string; op: string; variable: string; path: string };
  target: { node: string; op: string; variable: string; path: string };
  weight: number;
  pos: Pos;
}

const ATTRIBUTES = ['weight', 'delay', 'spread'];

function scalarText(v: YValue | undefined): string | undefined {
  return v?.kind === 'scalar' && typeof v.value === 'string' ? v.value.trim() : undefined;
}

function isEmpty(v: YValue | undefined): boolean {
  if (v === undefined) return true;
  if (v.kind === 'scalar') return v.value === null || v.value === '';
  if (v.kind === 'seq') return v.items.length === 0;
  return false;
}

/** Reads edge `v` of the circuit in `file`. */
export function readEdge(file: string, v: YValue): EdgeSpec {
  const fail = (problem: string, pos: Pos = v.pos): never => {
    throw new PyratesError(file, `edge: ${problem}`, pos);
  };
  let src: YValue | undefined;
  let tgt: YValue | undefined;
  let template: YValue | undefined;
  let attrs: YValue | undefined;
  if (v.kind === 'seq') {
    if (v.items.length !== 4) fail(`an edge is a list of 4 entries [source, target, template, {weight: ...}] (found ${v.items.length})`);
    [src, tgt, template, attrs] = v.items;
  } else if (v.kind === 'map') {
    for (const [k, pos] of v.keyPos)
      if (!['source', 'target', 'template', 'variables'].includes(k)) fail(`unknown key '${k}' (accepted: source, target, template, variables)`, pos);
    src = v.entries.get('source');
    tgt = v.entries.get('target');
    template = v.entries.get('template');
    attrs = v.entries.get('variables');
  } else fail('an edge is a list [source, target, template, {weight: ...}] or a mapping {source, target, template, variables}');
  if (!isEmpty(template)) {
    const name = scalarText(template) ?? 'given';
    fail(`edge templates ('${name}') are not supported; use null for an instantaneous edge (target = weight * source)`, template?.pos);
  }
  const path = (p: YValue | undefined, what: string) => {
    const text = scalarText(p);
    if (text === undefined) return fail(`the ${what} must be a path node/operator/variable`, p?.pos);
    const parts = text.split('/');
    if (parts.length > 3) fail(`the ${what} '${text}' points into a sub-circuit; sub-circuits are not supported`, p?.pos);
    if (parts.length !== 3 || parts.some((s) => s === '')) fail(`the ${what} '${text}' must be a path node/operator/variable`, p?.pos);
    return { node: parts[0], op: parts[1], variable: parts[2], path: text };
  };
  const source = path(src, 'source');
  const target = path(tgt, 'target');
  let weight = 1;
  if (!isEmpty(attrs)) {
    if (attrs?.kind !== 'map') return fail('the edge attributes must be a mapping such as {weight: 1.0}', attrs?.pos);
    for (const [k, a] of attrs.entries) {
      const pos = attrs.keyPos.get(k);
      if (!ATTRIBUTES.includes(k))
        fail(`unknown edge attribute '${k}' (accepted: weight; attributes of edge operators need edge templates, which are not supported)`, pos);
      const value = a.kind === 'scalar' ? a.value : undefined;
      const n = typeof value === 'bigint' ? Number(value) : value;
      if (k === 'weight') {
        if (typeof n !== 'number' || !Number.isFinite(n)) fail(`the weight must be a number`, a.pos);
        weight = n as number;
      } else if (!(n === null || n === 0)) {
        fail(
          `${k === 'delay' ? 'delays' : 'delay spreads'} on edges are not supported (${source.path} -> ${target.path}); the importer takes instantaneous edges only`,
          pos,
        );
      }
    }
  }
  return { source, target, weight, pos: v.pos };
}
