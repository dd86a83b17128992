/**
 * The project's own model file: the ModelDef as JSON, keys in a fixed order (that of the type),
 * indented by two spaces. Numbers are written as the shortest text that reads back as the same
 * double; -0 is written `-0` (which JSON.parse reads back as -0, unlike JSON.stringify's `0`).
 * `meanfield --model-file FILE.json` reads it back.
 */
import type { ModelDef } from '../types';

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

const SYMBOL = ['name', 'latex', 'description', 'unit'] as const;

/** `o`'s keys in `keys` order; absent (undefined) optional keys are left out. */
function pick(o: object, keys: readonly string[]): { [k: string]: Json } {
  const out: { [k: string]: Json } = {};
  for (const k of keys) {
    const v = (o as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v as Json;
  }
  return out;
}

/** The definition as a plain object with keys in the fixed order. */
export function modelJsonValue(def: ModelDef): { [k: string]: Json } {
  return {
    name: def.name,
    version: def.version,
    title: def.title,
    description: def.description,
    states: def.states.map((s) => pick(s, [...SYMBOL, 'initial'])),
    params: def.params.map((p) => pick(p, [...SYMBOL, 'default', 'domain'])),
    inputs: def.inputs.map((p) => pick(p, [...SYMBOL, 'default'])),
    definitions: def.definitions.map((d) => pick(d, [...SYMBOL, 'expr'])),
    equations: def.equations.map((e) => pick(e, ['state', 'rhs', 'latex'])),
  };
}

function write(v: Json, indent: string): string {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`cannot write the number ${String(v)} in a model file`);
    return Object.is(v, -0) ? '-0' : String(v);
  }
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => inner + write(x, inner)).join(',\n')}\n${indent}]`;
  }
  const keys = Object.keys(v);
  if (keys.length === 0) return '{}';
  return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${write(v[k], inner)}`).join(',\n')}\n${indent}}`;
}

/** The model file text of `def` (ends with a newline). */
export function toModelJson(def: ModelDef): string {
  return `${write(modelJsonValue(def), '')}\n`;
}
