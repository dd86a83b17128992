/**
 * Model identity. A run, branch, curve or job refers to its model by identity, never by a name whose
 * meaning can change: a built-in template by name and version, a user's model by the content hash of
 * what determines its results: states with initial values, parameters and inputs with defaults,
 * definitions (in any order) and equations, each expression as its parsed tree prints (so `2.0*v / tau`
 * and `2*v/tau` are one model, and a model written to a PyRates file and read back keeps its
 * identity). Titles, descriptions, LaTeX, units and parameter domains (which only refuse values,
 * never change a result) do not enter the hash.
 */
import { parseExpression } from '../expr/parse';
import { toText } from '../expr/print';
import { sha256Hex } from './sha256';
import type { ModelDef } from './types';

export type ModelRef = { kind: 'template'; name: string; version: number } | { kind: 'custom'; name: string; hash: string };

/** The part of a definition that determines results, as canonical JSON (fixed key order). */
export function semanticJson(def: ModelDef): string {
  const symbols = [...def.states, ...def.params, ...def.inputs, ...def.definitions].map((x) => x.name);
  return JSON.stringify({
    states: def.states.map((s) => [s.name, s.initial]),
    params: def.params.map((p) => [p.name, p.default]),
    inputs: def.inputs.map((i) => [i.name, i.default]),
    // Definitions are substituted by name: their order changes no result.
    definitions: def.definitions.map((d) => [d.name, canonical(d.expr, symbols)]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
    equations: def.equations.map((e) => [e.state, canonical(e.rhs, symbols)]),
  });
}

/** Functions that are one function under two names (PyRates' spelling and ours): one name in the hash. */
const SAME_FUNCTION: Readonly<Record<string, string>> = { absv: 'abs', arctan: 'atan', mini: 'min', maxi: 'max' };

/** The expression as its parsed tree prints; the text itself when it does not parse. */
function canonical(text: string, symbols: readonly string[]): string {
  try {
    return toText(parseExpression(text, symbols), { fn: (fn) => SAME_FUNCTION[fn] ?? fn });
  } catch {
    return `unparsed:${text}`;
  }
}

/** Hex SHA-256 of the definition's semantic content (see semanticJson). */
export function modelHash(def: ModelDef): string {
  return sha256Hex(semanticJson(def));
}

/** Short form of a hash for display and cache keys in messages (first 12 hex digits). */
export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}

/** The reference to a custom definition. */
export function customRef(def: ModelDef): ModelRef {
  return { kind: 'custom', name: def.name, hash: modelHash(def) };
}

/** A stable string key of a reference, for caches and maps. */
export function refKey(ref: ModelRef): string {
  return ref.kind === 'template' ? `template:${ref.name}@${ref.version}` : `custom:${ref.hash}`;
}

/** True when two references denote the same model (custom models compare by hash only). */
export function sameModel(a: ModelRef, b: ModelRef): boolean {
  return refKey(a) === refKey(b);
}
