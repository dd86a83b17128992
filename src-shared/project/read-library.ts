/**
 * Reading the model library (`models`) and model references (the selection, every run's and
 * branch's `request.model`). Each library entry's definition is checked and built like any model
 * (./read-model.ts), then its stored hash is compared with the hash of its content: a definition
 * changed after its runs were stored is refused, never silently taken as theirs. A reference names
 * a template (name, version) or a library entry (by hash; the name is informational).
 */
import { modelHash, shortHash, type ModelRef } from '../models/identity';
import { getTemplate, TEMPLATES } from '../models/templates';
import type { ModelDef } from '../models/types';
import { readModelDef } from './read-model';
import { at, bool, int, list, obj, oneOf, str, type Reader } from './reader';
import { SHAPES } from './shapes';
import type { LibraryModel } from './types';

/** Most custom definitions a project's library may hold. */
export const MAX_LIBRARY_MODELS = 1000;

/** The library as read: entries in file order, by hash, and the current ones by name. */
export interface Library {
  entries: LibraryModel[];
  byHash: Map<string, LibraryModel>;
  currentByName: Map<string, LibraryModel>;
}

export const emptyLibrary = (): Library => ({ entries: [], byHash: new Map(), currentByName: new Map() });

const HASH = /^[0-9a-f]{64}$/;

function readHash(r: Reader, path: string, x: unknown): string | undefined {
  const s = str(r, path, x, 64);
  if (s === undefined) return undefined;
  if (!HASH.test(s)) return r.error(path, 'must be a SHA-256 hash (64 lowercase hex digits)');
  return s;
}

/** The library at `path` (absent: empty); undefined (errors recorded) when any entry is unusable. */
export function readLibrary(r: Reader, path: string, x: unknown): Library | undefined {
  if (x === undefined) return emptyLibrary();
  const items = list(r, path, x, MAX_LIBRARY_MODELS);
  if (!items) return undefined;
  const lib = emptyLibrary();
  const where = new Map<string, number>();
  const currentAt = new Map<string, number>();
  const before = r.errors.length;
  items.forEach((item, i) => {
    const p = at(path, i);
    const o = obj(r, p, item, SHAPES.libraryModel, '{ hash, current, supersededBy?, def }');
    if (!o) return;
    const hash = readHash(r, at(p, 'hash'), o.hash);
    const current = bool(r, at(p, 'current'), o.current);
    const supersededBy = o.supersededBy === undefined ? undefined : readHash(r, at(p, 'supersededBy'), o.supersededBy);
    const def = readModelDef(r, at(p, 'def'), o.def);
    if (hash === undefined || current === undefined || def === undefined || (o.supersededBy !== undefined && supersededBy === undefined)) return;
    const actual = modelHash(def);
    if (actual !== hash) {
      r.error(
        at(p, 'hash'),
        `does not match the definition of '${def.name}' (its content hashes to ${shortHash(actual)}…): the definition was changed after ` +
          'its results were stored; restore it, or remove the runs and branches made with it and store the new hash',
      );
      return;
    }
    const first = where.get(hash);
    if (first !== undefined) {
      r.error(at(p, 'hash'), `the same definition as ${at(path, first)} ('${def.name}'); each definition is stored once`);
      return;
    }
    where.set(hash, i);
    if (current) {
      const other = currentAt.get(def.name);
      if (other !== undefined) {
        r.error(at(p, 'current'), `${at(path, other)} is also a current model named '${def.name}'; an earlier definition has current: false`);
        return;
      }
      currentAt.set(def.name, i);
    }
    const entry: LibraryModel = { hash, current, ...(supersededBy !== undefined ? { supersededBy } : {}), def };
    lib.entries.push(entry);
    lib.byHash.set(hash, entry);
    if (current) lib.currentByName.set(def.name, entry);
  });
  if (r.errors.length > before) return undefined;
  // Links checked once every entry is known.
  lib.entries.forEach((m, i) => {
    if (m.supersededBy === undefined) return;
    const p = at(at(path, i), 'supersededBy');
    const drop = (why: string) => {
      r.warn(p, why);
      delete m.supersededBy;
    };
    if (m.current) drop('a current model is not superseded; ignored');
    else if (m.supersededBy === m.hash) drop('names the entry itself; ignored');
    else if (!lib.byHash.has(m.supersededBy)) drop(`no model with hash ${shortHash(m.supersededBy)}… in the library; ignored`);
  });
  return lib;
}

/** A resolved reference: the reference as stored (name from the library) and the definition. */
export interface Resolved {
  ref: ModelRef;
  def: ModelDef;
  /** The library entry of a custom reference. */
  entry?: LibraryModel;
}

/** The model reference at `path`, resolved against the templates and `lib`. */
export function readModelRef(r: Reader, path: string, x: unknown, lib: Library): Resolved | undefined {
  const o = obj(r, path, x, SHAPES.modelRef, "an object { kind: 'template', name, version } or { kind: 'custom', name, hash }");
  if (!o) return undefined;
  const kind = oneOf(r, at(path, 'kind'), o.kind, ['template', 'custom'] as const);
  const name = str(r, at(path, 'name'), o.name, 64);
  if (kind === 'custom') {
    const hash = readHash(r, at(path, 'hash'), o.hash);
    if (hash === undefined || name === undefined) return undefined;
    const entry = lib.byHash.get(hash);
    if (!entry) return r.error(at(path, 'hash'), `no model with hash ${shortHash(hash)}… ('${name}') in the project's library (models)`);
    if (entry.def.name !== name) r.warn(at(path, 'name'), `the library's definition with this hash is called '${entry.def.name}'; that name is used`);
    return { ref: { kind: 'custom', name: entry.def.name, hash }, def: entry.def, entry };
  }
  if (kind !== 'template') return undefined;
  const version = int(r, at(path, 'version'), o.version, 0, 1e9);
  if (name === undefined || version === undefined) return undefined;
  const def = getTemplate(name);
  if (!def) {
    const custom = lib.currentByName.get(name);
    const hint = custom ? `; '${name}' is a model of the library: refer to it as { kind: 'custom', name, hash: '${custom.hash}' }` : '';
    return r.error(at(path, 'name'), `unknown template '${name}' (templates: ${TEMPLATES.map((t) => t.name).join(', ')})${hint}`);
  }
  if (version !== def.version) {
    r.warn(at(path, 'version'), `saved with version ${version} of ${name}; this MeanField Studio has version ${def.version} (re-run to compare)`);
  }
  return { ref: { kind: 'template', name, version }, def };
}
