/**
 * The renderer's model-library edits (add, replace, rename, remove, select): names stay unique,
 * an edit keeps the definition runs were made with as an earlier version, a removal is refused
 * while results use the model unless they keep their copy, and every edited library saves and
 * opens again with each run's own definition.
 */
import { describe, expect, it } from 'vitest';
import { modelHash, type ModelRef } from '@shared/models/identity';
import { TEMPLATES } from '@shared/models/templates';
import type { ModelDef } from '@shared/models/types';
import { parseProject } from '@shared/project/parse';
import { serializeProject } from '@shared/project/serialize';
import type { Project } from '@shared/project/types';
import { addModel, refByName, removeModel, renameModel, replaceModel, type LibraryEdit, type LibraryState } from '../../src-renderer/src/lib/model-library';
import { CUSTOM, CUSTOM_EARLIER, richProject } from '../shared/project/helpers';

const nodim: ModelRef = { kind: 'template', name: 'ik_nodim', version: 1 };
const empty: LibraryState = { entries: [], selected: nodim };
const ctx = (used: ModelDef[] = []) => ({ templates: TEMPLATES, used });
const H = modelHash(CUSTOM);
const H0 = modelHash(CUSTOM_EARLIER);

function ok(edit: LibraryEdit): LibraryState {
  if (!edit.ok) throw new Error(edit.message);
  return edit.state;
}
const summary = (s: LibraryState) =>
  s.entries.map((e) => [e.def.name, e.hash === H ? 'H' : e.hash === H0 ? 'H0' : e.hash.slice(0, 6), e.current, e.supersededBy]);

describe('model library edits', () => {
  it('add: a new name and a valid definition; templates, taken names, invalid definitions and duplicates refused', () => {
    const s = ok(addModel(empty, ctx(), CUSTOM_EARLIER));
    expect(summary(s)).toEqual([['oscillator', 'H0', true, undefined]]);
    const again = addModel(s, ctx(), CUSTOM);
    expect(!again.ok && again.message).toBe("the project already has a model called 'oscillator'");
    const template = addModel(s, ctx(), { ...CUSTOM, name: 'ik_eta' });
    expect(!template.ok && template.message).toBe("'ik_eta' is the name of a built-in template; choose another name");
    const copy = addModel(s, ctx(), { ...CUSTOM_EARLIER, name: 'copy' });
    expect(!copy.ok && copy.message).toBe("'copy' has the same equations and values as the model 'oscillator'");
    const bad = addModel(s, ctx(), { ...CUSTOM, name: 'bad', equations: [{ state: 'x', rhs: 'y +', latex: '' }, CUSTOM.equations[1]] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues?.[0].path).toBe('def.equations[0].rhs');
    // The original library is never changed.
    expect(s.entries).toHaveLength(1);
  });

  it('replace: the definition runs used stays as an earlier version; an unused one goes', () => {
    const s0 = ok(addModel(empty, ctx(), CUSTOM_EARLIER));
    const selected = { ...s0, selected: refByName(s0, ctx(), 'oscillator')! };
    const kept = ok(replaceModel(selected, ctx([CUSTOM_EARLIER]), 'oscillator', CUSTOM));
    expect(summary(kept)).toEqual([
      ['oscillator', 'H0', false, H],
      ['oscillator', 'H', true, undefined],
    ]);
    expect(kept.selected).toEqual({ kind: 'custom', name: 'oscillator', hash: H });
    const dropped = ok(replaceModel(selected, ctx([]), 'oscillator', CUSTOM));
    expect(summary(dropped)).toEqual([['oscillator', 'H', true, undefined]]);
    // A text-only edit (no new hash) replaces in place.
    const text = ok(replaceModel(kept, ctx([CUSTOM_EARLIER]), 'oscillator', { ...CUSTOM, title: 'Oscillator' }));
    expect(summary(text)).toEqual(summary(kept));
    expect(text.entries[1].def.title).toBe('Oscillator');
    // Going back to the earlier definition makes it current again; the later one is kept if used.
    const back = ok(replaceModel(kept, ctx([CUSTOM_EARLIER, CUSTOM]), 'oscillator', CUSTOM_EARLIER));
    expect(summary(back)).toEqual([
      ['oscillator', 'H', false, H0],
      ['oscillator', 'H0', true, undefined],
    ]);
    const renamed = replaceModel(kept, ctx(), 'oscillator', { ...CUSTOM, name: 'osc' });
    expect(!renamed.ok && renamed.message).toBe("the new definition is called 'osc', not 'oscillator'; rename the model first");
  });

  it('rename: the model and its earlier versions, hashes unchanged; saved runs refer to the new name', () => {
    const lib = ok(replaceModel(ok(addModel(empty, ctx(), CUSTOM_EARLIER)), ctx([CUSTOM_EARLIER]), 'oscillator', CUSTOM));
    const s = ok(renameModel({ ...lib, selected: refByName(lib, ctx(), 'oscillator')! }, ctx(), 'oscillator', 'spring'));
    expect(s.entries.map((e) => [e.def.name, e.hash])).toEqual([
      ['spring', H0],
      ['spring', H],
    ]);
    expect(s.selected).toEqual({ kind: 'custom', name: 'spring', hash: H });
    expect(renameModel(s, ctx(), 'spring', 'ik_nodim').ok).toBe(false);
    expect(renameModel(s, ctx(), 'spring', '').ok).toBe(false);
    expect(renameModel(s, ctx(), 'spring', '__proto__').ok).toBe(false);
    // richProject's runs 6 and 7 were made as 'oscillator'; after the rename they are saved and opened as 'spring'.
    const p: Project = { ...richProject(), model: s.selected, models: [...s.entries], forms: {} };
    p.view = { ...p.view, plotted: ['x'] };
    const back = parseProject(serializeProject(p));
    if (!back.ok) throw new Error(JSON.stringify(back.errors));
    expect(back.warnings).toEqual([]);
    expect([back.project.runs[5].request.model, back.project.runs[6].request.model]).toEqual(['spring', 'spring']);
    expect([modelHash(back.project.runs[5].request.def!), modelHash(back.project.runs[6].request.def!)]).toEqual([H, H0]);
  });

  it('remove: refused while results use the model or an earlier version of it, unless they keep their copy', () => {
    const lib = ok(replaceModel(ok(addModel(empty, ctx(), CUSTOM_EARLIER)), ctx([CUSTOM_EARLIER]), 'oscillator', CUSTOM));
    const sel = { ...lib, selected: refByName(lib, ctx(), 'oscillator')! };
    const refusedEarlier = removeModel(sel, ctx([CUSTOM_EARLIER]), 'oscillator');
    expect(!refusedEarlier.ok && refusedEarlier.message).toBe(
      "1 stored run or branch was made with 'oscillator': remove them first, or keep their copy of the model (they stay in the project; the model is no longer listed)",
    );
    const kept = ok(removeModel(sel, ctx([CUSTOM_EARLIER, CUSTOM, CUSTOM]), 'oscillator', { keepResults: true }));
    expect(summary(kept)).toEqual([
      ['oscillator', 'H0', false, H],
      ['oscillator', 'H', false, undefined],
    ]);
    expect(kept.selected).toEqual({ kind: 'template', name: TEMPLATES[0].name, version: TEMPLATES[0].version });
    expect(refByName(kept, ctx(), 'oscillator')).toBeUndefined();
    // Unused: everything of that model goes.
    expect(ok(removeModel(sel, ctx([]), 'oscillator')).entries).toEqual([]);
    // The name is free again.
    expect(addModel(kept, ctx(), CUSTOM).ok).toBe(true);
  });
});
