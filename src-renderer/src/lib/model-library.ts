/**
 * Edits of a project's model library as pure functions (the store in
 * ../state/model-library.svelte.ts applies them). A library is its entries (current models and the
 * earlier definitions runs still use, @shared/project/types LibraryModel) and the selected model.
 * Each edit returns the new library and the edited model's reference, or why it was refused; the
 * library given is never changed.
 *
 * Rules: names are unique among the templates and the current models; a new definition of a model
 * (a new hash) keeps the old one as an earlier version, superseded by the new one, while a run or
 * branch uses it; a rename renames the model and its earlier versions (a name is not part of the
 * identity hash); a model that runs or branches use is removed only when they keep their copy.
 * Definitions are checked by the reader of project files, so an accepted model saves and opens again.
 */
import { modelHash, type ModelRef } from '@shared/models/identity';
import type { ModelDef } from '@shared/models/types';
import { hashOf } from '@shared/project/library';
import { readModelDef } from '@shared/project/read-model';
import { Reader } from '@shared/project/reader';
import type { LibraryModel, ProjectIssue } from '@shared/project/types';

export interface LibraryState {
  entries: readonly LibraryModel[];
  selected: ModelRef;
}

/** What an edit needs to know besides the library. */
export interface LibraryContext {
  /** The built-in templates (their names are taken). */
  templates: readonly ModelDef[];
  /** The definitions stored runs and branches were made with (request.def). */
  used: Iterable<ModelDef>;
}

export type LibraryEdit = { ok: true; state: LibraryState; ref: ModelRef } | { ok: false; message: string; issues?: ProjectIssue[] };

const refused = (message: string, issues?: ProjectIssue[]): LibraryEdit => ({ ok: false, message, ...(issues ? { issues } : {}) });

/** The current custom model called `name`. */
export function currentModel(state: LibraryState, name: string): LibraryModel | undefined {
  return state.entries.find((e) => e.current && e.def.name === name);
}

/** The reference selecting the template or current model `name`, or undefined when there is none. */
export function refByName(state: LibraryState, ctx: Pick<LibraryContext, 'templates'>, name: string): ModelRef | undefined {
  const t = ctx.templates.find((d) => d.name === name);
  if (t) return { kind: 'template', name, version: t.version };
  const c = currentModel(state, name);
  return c && { kind: 'custom', name, hash: c.hash };
}

/** `def` checked and built as a project file's model would be, or the problems found. */
export function checkDef(def: ModelDef): { ok: true; def: ModelDef } | { ok: false; message: string; issues: ProjectIssue[] } {
  const r = new Reader();
  const read = readModelDef(r, 'def', def);
  if (read) return { ok: true, def: read };
  const first = r.errors[0];
  return { ok: false, message: `The model is not valid: ${first ? `${first.path}: ${first.message}` : 'unknown problem'}`, issues: r.errors };
}

/** Why `name` cannot name a new or renamed model (taken, empty, too long, padded, '__proto__'), or undefined. */
function nameTaken(state: LibraryState, ctx: LibraryContext, name: string): string | undefined {
  if (name.trim() === '' || name.length > 64 || name.trim() !== name) return 'a model name must be 1 to 64 characters, without spaces at either end';
  if (name === '__proto__') return `'${name}' is not an allowed name`;
  if (ctx.templates.some((t) => t.name === name)) return `'${name}' is the name of a built-in template; choose another name`;
  if (currentModel(state, name)) return `the project already has a model called '${name}'`;
  return undefined;
}

function usedHashes(ctx: LibraryContext): Set<string> {
  const out = new Set<string>();
  for (const def of ctx.used) out.add(hashOf(def));
  return out;
}

/** `hash` and every earlier definition whose supersededBy chain leads to it. */
export function lineage(entries: readonly LibraryModel[], hash: string): Set<string> {
  const out = new Set([hash]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const e of entries) {
      if (e.supersededBy !== undefined && out.has(e.supersededBy) && !out.has(e.hash)) {
        out.add(e.hash);
        grew = true;
      }
    }
  }
  return out;
}

/** Adds a new model (an earlier definition with the same content comes back as the current one). */
export function addModel(state: LibraryState, ctx: LibraryContext, def: ModelDef): LibraryEdit {
  const taken = nameTaken(state, ctx, def.name);
  if (taken) return refused(taken);
  const checked = checkDef(def);
  if (!checked.ok) return checked;
  const hash = modelHash(checked.def);
  const same = state.entries.find((e) => e.hash === hash);
  if (same?.current) return refused(`'${def.name}' has the same equations and values as the model '${same.def.name}'`);
  const entries = [...state.entries.filter((e) => e.hash !== hash), { hash, current: true, def: checked.def }];
  return { ok: true, state: { ...state, entries }, ref: { kind: 'custom', name: def.name, hash } };
}

/** A new definition of model `name` (def.name must be `name`; rename first). */
export function replaceModel(state: LibraryState, ctx: LibraryContext, name: string, def: ModelDef): LibraryEdit {
  const old = currentModel(state, name);
  if (!old) return refused(`there is no model called '${name}' in the project`);
  if (def.name !== name) return refused(`the new definition is called '${def.name}', not '${name}'; rename the model first`);
  const checked = checkDef(def);
  if (!checked.ok) return checked;
  const hash = modelHash(checked.def);
  const ref: ModelRef = { kind: 'custom', name, hash };
  if (hash === old.hash) {
    // Only text that changes no result (title, descriptions, LaTeX, units).
    return { ok: true, state: { ...state, entries: state.entries.map((e) => (e === old ? { ...e, def: checked.def } : e)) }, ref };
  }
  const other = state.entries.find((e) => e.hash === hash);
  if (other?.current) return refused(`this definition has the same equations and values as the model '${other.def.name}'`);
  const keepOld = usedHashes(ctx).has(old.hash);
  const entries: LibraryModel[] = [];
  for (const e of state.entries) {
    if (e.hash === hash) continue; // an earlier definition coming back: re-added as current below
    if (e === old) {
      if (keepOld) entries.push({ hash: old.hash, current: false, supersededBy: hash, def: old.def });
    } else entries.push(e.supersededBy === old.hash ? { ...e, supersededBy: hash } : e);
  }
  entries.push({ hash, current: true, def: checked.def });
  const selected = state.selected.kind === 'custom' && state.selected.hash === old.hash ? ref : state.selected;
  return { ok: true, state: { entries, selected }, ref };
}

/** Renames model `from` and its earlier versions (their hashes do not change). */
export function renameModel(state: LibraryState, ctx: LibraryContext, from: string, to: string): LibraryEdit {
  const cur = currentModel(state, from);
  if (!cur) return refused(`there is no model called '${from}' in the project`);
  if (to === from) return { ok: true, state, ref: { kind: 'custom', name: from, hash: cur.hash } };
  const taken = nameTaken(state, ctx, to);
  if (taken) return refused(taken);
  const checked = checkDef({ ...cur.def, name: to });
  if (!checked.ok) return checked;
  const family = lineage(state.entries, cur.hash);
  const entries = state.entries.map((e) => (family.has(e.hash) ? { ...e, def: { ...e.def, name: to } } : e));
  const ref: ModelRef = { kind: 'custom', name: to, hash: cur.hash };
  const selected = state.selected.kind === 'custom' && state.selected.hash === cur.hash ? ref : state.selected;
  return { ok: true, state: { entries, selected }, ref };
}

/**
 * Removes model `name` with its unused earlier versions. Refused while runs or branches use it or
 * an earlier version, unless `keepResults`: the definitions they use stay, no longer current.
 */
export function removeModel(state: LibraryState, ctx: LibraryContext, name: string, options: { keepResults?: boolean } = {}): LibraryEdit {
  const cur = currentModel(state, name);
  if (!cur) return refused(`there is no model called '${name}' in the project`);
  const family = lineage(state.entries, cur.hash);
  let uses = 0;
  for (const def of ctx.used) if (family.has(hashOf(def))) uses++;
  if (uses > 0 && !options.keepResults) {
    const what = uses === 1 ? '1 stored run or branch was' : `${uses} stored runs or branches were`;
    return refused(`${what} made with '${name}': remove them first, or keep their copy of the model (they stay in the project; the model is no longer listed)`);
  }
  const used = usedHashes(ctx);
  const entries = state.entries.flatMap((e): LibraryModel[] => {
    if (!family.has(e.hash)) return [e];
    if (!used.has(e.hash)) return [];
    if (e.hash !== cur.hash) return [e];
    const { supersededBy: _s, ...rest } = e;
    return [{ ...rest, current: false }];
  });
  let selected = state.selected;
  if (selected.kind === 'custom' && selected.hash === cur.hash) {
    const first = ctx.templates[0];
    if (first) selected = { kind: 'template', name: first.name, version: first.version };
  }
  return { ok: true, state: { entries, selected }, ref: { kind: 'custom', name, hash: cur.hash } };
}
