/**
 * Model identity. A run, branch, curve or job refers to its model by identity, never by a name whose
 * meaning can change: a built-in template by name and version, a user's model by the content hash of
 * what determines its results (states with initial values, parameters with defaults and domains,
 * inputs with defaults, definitions and equations, in order). Titles, descriptions, LaTeX and units
 * do not enter the hash: editing them changes no result.
 */
import { sha256Hex } from './sha256';
import type { ModelDef } from './types';

export type ModelRef = { kind: 'template'; name: string; version: number } | { kind: 'custom'; name: string; hash: string };

/** The part of a definition that determines results, as canonical JSON (fixed key order). */
export function semanticJson(def: ModelDef): string {
  return JSON.stringify({
    states: def.states.map((s) => [s.name, s.initial]),
    params: def.params.map((p) => [p.name, p.default, p.domain ?? null]),
    inputs: def.inputs.map((i) => [i.name, i.default]),
    definitions: def.definitions.map((d) => [d.name, d.expr]),
    equations: def.equations.map((e) => [e.state, e.rhs]),
  });
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
