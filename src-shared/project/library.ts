/**
 * The project's model library as written: which custom definitions a file keeps and how each
 * refers to the one that replaced it. Shared by the writer (./serialize.ts) and the renderer's
 * store, so both keep the same entries.
 *
 * Rules: a current model is always kept; an earlier definition is kept while a run, a branch, a curve or the
 * selection refers to it, and dropped otherwise. A custom definition a request carries that the
 * library lacks is added (an earlier version of the current model of its name, if there is one),
 * so a written file never refers to a missing model. `supersededBy` always names a kept entry: a
 * chain through dropped entries is followed to its end.
 */
import { modelHash, type ModelRef } from '../models/identity';
import { getTemplate } from '../models/templates';
import type { ModelDef } from '../models/types';
import type { LibraryModel, Project } from './types';

/** Hashes by definition object (definitions are never mutated once made). */
const hashes = new WeakMap<ModelDef, string>();

/** modelHash, remembered per definition object. */
export function hashOf(def: ModelDef): string {
  let h = hashes.get(def);
  if (h === undefined) {
    h = modelHash(def);
    hashes.set(def, h);
  }
  return h;
}

/**
 * The model a request was made with: its custom definition's identity when it carries `def`, else
 * the template of that name (at this build's version; an unknown name keeps version 0).
 */
export function requestRef(req: { model: string; def?: ModelDef }): ModelRef {
  if (req.def !== undefined) return { kind: 'custom', name: req.def.name, hash: hashOf(req.def) };
  return { kind: 'template', name: req.model, version: getTemplate(req.model)?.version ?? 0 };
}

/** The library entries `project` is written with (see the rules above), in library order, additions last. */
export function libraryToSave(project: Project): LibraryModel[] {
  const byHash = new Map<string, LibraryModel>();
  for (const m of project.models) if (!byHash.has(m.hash)) byHash.set(m.hash, m);
  const used = new Set<string>();
  if (project.model.kind === 'custom') used.add(project.model.hash);
  const currentByName = new Map<string, string>();
  for (const m of byHash.values()) if (m.current) currentByName.set(m.def.name, m.hash);
  for (const e of [...project.runs, ...project.branches, ...project.curves, ...project.cycles]) {
    const def = e.request.def;
    if (def === undefined) continue;
    const hash = hashOf(def);
    used.add(hash);
    if (!byHash.has(hash)) {
      const successor = currentByName.get(def.name);
      const added: LibraryModel = successor === undefined ? { hash, current: true, def } : { hash, current: false, supersededBy: successor, def };
      if (added.current) currentByName.set(def.name, hash);
      byHash.set(hash, added);
    }
  }
  const kept = [...byHash.values()].filter((m) => m.current || used.has(m.hash));
  const keptHashes = new Set(kept.map((m) => m.hash));
  return kept.map((m) => {
    if (m.current || m.supersededBy === undefined) return m;
    // Follow the chain to a kept entry (bounded: each hash visited once).
    let next: string | undefined = m.supersededBy;
    const seen = new Set<string>([m.hash]);
    while (next !== undefined && !keptHashes.has(next) && !seen.has(next)) {
      seen.add(next);
      next = byHash.get(next)?.supersededBy;
    }
    const successor = next !== undefined && keptHashes.has(next) && next !== m.hash ? next : undefined;
    const { supersededBy: _old, ...rest } = m;
    return successor === undefined ? rest : { ...rest, supersededBy: successor };
  });
}
