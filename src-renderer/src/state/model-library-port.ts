/**
 * The model editor's view of the project's model library (ModelLibraryPort over ModelLibrary):
 * Apply on an edited model renames it first when its name changed, and numbers versions (a new
 * definition of a model is its previous version + 1; text-only edits keep the number).
 */
import { modelHash } from '@shared/models/identity';
import type { ModelDef } from '@shared/models/types';
import type { LibraryResult, ModelLibraryPort } from '../lib/model-editor/library-port';
import type { LibraryResult as StoreResult, ModelLibrary } from './model-library.svelte';

const result = (r: StoreResult): LibraryResult => (r.ok ? { ok: true } : { ok: false, reason: r.message });

/** `lib` as the editor's port; `used` lists the definitions stored runs and branches were made with. */
export function libraryPort(lib: ModelLibrary, used: () => Iterable<ModelDef>): ModelLibraryPort {
  return {
    list: () => lib.current,
    get: (name) => lib.get(name)?.def,
    add: (def) => result(lib.add({ ...def, version: 1 })),
    replace(name, def) {
      const old = lib.get(name);
      if (!old) return { ok: false, reason: `there is no model called '${name}' in the project` };
      if (def.name !== name) {
        const renamed = lib.rename(name, def.name);
        if (!renamed.ok) return result(renamed);
      }
      const version = modelHash(def) === old.hash ? old.def.version : old.def.version + 1;
      const r = lib.replace(def.name, { ...def, version });
      if (!r.ok && def.name !== name) lib.rename(def.name, name); // leave the library as it was
      return result(r);
    },
    rename: (from, to) => result(lib.rename(from, to)),
    remove: (name, opts) => result(lib.remove(name, { keepResults: opts?.keepRuns ?? false })),
    usedBy(name) {
      const cur = lib.get(name);
      if (!cur) return 0;
      let n = 0;
      for (const def of used()) if (def.name === name || modelHash(def) === cur.hash) n++;
      return n;
    },
  };
}
