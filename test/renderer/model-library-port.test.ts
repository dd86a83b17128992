/**
 * The model editor's port over the project's model library: Apply on an edited model renames it
 * first when its name changed and leaves the library as it was when the new definition is refused;
 * versions count definitions (a text-only edit keeps the number); usedBy counts stored results.
 * The library is stood in for by a small fake with the same contract as ModelLibrary's methods.
 */
import { describe, expect, it } from 'vitest';
import { modelHash } from '@shared/models/identity';
import { getTemplate } from '@shared/models/templates';
import type { ModelDef } from '@shared/models/types';
import { libraryPort } from '../../src-renderer/src/state/model-library-port';
import type { ModelLibrary } from '../../src-renderer/src/state/model-library.svelte';

/** Current models by name; refuses a replace whose content equals another current model's. */
function fakeLibrary(): { lib: ModelLibrary; models: Map<string, ModelDef> } {
  const models = new Map<string, ModelDef>();
  const ok = (name: string) => ({ ok: true as const, ref: { kind: 'custom' as const, name, hash: modelHash(models.get(name)!) } });
  const lib = {
    get current() {
      return [...models.values()];
    },
    get: (name: string) => (models.has(name) ? { def: models.get(name)!, hash: modelHash(models.get(name)!) } : undefined),
    add(def: ModelDef) {
      if (models.has(def.name)) return { ok: false as const, message: 'taken' };
      models.set(def.name, def);
      return ok(def.name);
    },
    replace(name: string, def: ModelDef) {
      if (!models.has(name) || def.name !== name) return { ok: false as const, message: 'no such model' };
      for (const [n, d] of models) if (n !== name && modelHash(d) === modelHash(def)) return { ok: false as const, message: `same as '${n}'` };
      models.set(name, def);
      return ok(name);
    },
    rename(from: string, to: string) {
      if (models.has(to)) return { ok: false as const, message: 'taken' };
      const d = models.get(from)!;
      models.delete(from);
      models.set(to, { ...d, name: to });
      return ok(to);
    },
    remove(name: string, o: { keepResults?: boolean }) {
      if (!o.keepResults) return { ok: false as const, message: 'in use' };
      models.delete(name);
      return { ok: true as const, ref: { kind: 'custom' as const, name, hash: '' } };
    },
  };
  return { lib: lib as unknown as ModelLibrary, models };
}

const base = (): ModelDef => ({ ...structuredClone(getTemplate('ik_nodim')!), name: 'mine', version: 7 });

describe('libraryPort', () => {
  it('adds as version 1, counts a new definition up and keeps the number for a text-only edit', () => {
    const { lib, models } = fakeLibrary();
    const port = libraryPort(lib, () => []);
    expect(port.add(base())).toEqual({ ok: true });
    expect(models.get('mine')!.version).toBe(1);
    const changed = base();
    changed.params[0].default = 0.03;
    expect(port.replace('mine', changed)).toEqual({ ok: true });
    expect(models.get('mine')!.version).toBe(2);
    expect(port.replace('mine', { ...changed, title: 'Same equations, new title' })).toEqual({ ok: true });
    expect(models.get('mine')!.version).toBe(2);
  });

  it('renames first when the edited name changed, and undoes the rename when the definition is refused', () => {
    const { lib, models } = fakeLibrary();
    const port = libraryPort(lib, () => []);
    port.add(base());
    const other = base();
    other.name = 'other';
    other.params[1].default = 2;
    port.add(other);
    const renamed = base();
    renamed.name = 'renamed';
    renamed.params[2].default = 1;
    expect(port.replace('mine', renamed)).toEqual({ ok: true });
    expect([...models.keys()].sort()).toEqual(['other', 'renamed']);
    // Same content as 'other': refused, and 'renamed' keeps its name.
    const clash = { ...structuredClone(models.get('other')!), name: 'again' };
    expect(port.replace('renamed', clash)).toEqual({ ok: false, reason: "same as 'other'" });
    expect([...models.keys()].sort()).toEqual(['other', 'renamed']);
  });

  it('counts stored results made with a model, by name or by content; passes keepRuns on', () => {
    const { lib } = fakeLibrary();
    const used: ModelDef[] = [];
    const port = libraryPort(lib, () => used);
    port.add(base());
    expect(port.usedBy('mine')).toBe(0);
    used.push(base(), { ...base(), name: 'renamed_since' }, getTemplate('ik_eta')!);
    expect(port.usedBy('mine')).toBe(2);
    expect(port.usedBy('absent')).toBe(0);
    expect(port.remove('mine')).toEqual({ ok: false, reason: 'in use' });
    expect(port.remove('mine', { keepRuns: true })).toEqual({ ok: true });
  });
});
