/**
 * What the user does with models as a whole: open the model editor on a new model, on a copy of a
 * template (templates are read-only), on one of the project's own models or on an imported one;
 * Apply (a new model, or a new version of the edited one: runs made with the old version keep it in
 * their requests); Cancel; Rename; Delete (refused while runs or branches use the model, unless
 * they keep their own copy); Import Model… and Export Model… (main reads and writes the files).
 * Outcomes and refusals are reported in `message`.
 */
import type { ModelFileFormat } from '@shared/api';
import type { ModelDef } from '@shared/models/types';
import { draftFromDef, skeletonDef, uniqueName } from '../lib/model-editor/draft';
import { ModelEditor } from './model-editor.svelte';
import type { ModelLibraryPort } from '../lib/model-editor/library-port';
import type { Studio } from './studio.svelte';

export class ModelWorkshop {
  readonly #studio: Studio;
  readonly #library: ModelLibraryPort;
  #editor = $state.raw<ModelEditor | null>(null);
  #message = $state<{ text: string; error: boolean } | null>(null);
  /** A deletion refused because runs use the model: offered again with "keep their copy". */
  #pendingDelete = $state<string | null>(null);
  #exportAsking = $state(false);
  #choices = $state.raw<{ file: string; defs: ModelDef[] } | null>(null);

  constructor(studio: Studio, library: ModelLibraryPort) {
    this.#studio = studio;
    this.#library = library;
  }

  get editor(): ModelEditor | null {
    return this.#editor;
  }
  get message(): { text: string; error: boolean } | null {
    return this.#message;
  }
  get pendingDelete(): string | null {
    return this.#pendingDelete;
  }
  dismissMessage(): void {
    this.#message = null;
    this.#pendingDelete = null;
    this.#exportAsking = false;
  }

  /** Every model name in use: templates and the library (a new model must differ from all). */
  #allNames(): Set<string> {
    return new Set(this.#studio.models.map((m) => m.name));
  }
  /** Names the edited model may not take: every name but its own. */
  #takenExcept(original: string | null): () => ReadonlySet<string> {
    return () => {
      const names = this.#allNames();
      if (original !== null) names.delete(original);
      return names;
    };
  }

  #open(def: ModelDef, original: string | null, mode: ModelEditor['mode'], source: string): void {
    this.#editor?.dispose();
    this.#message = null;
    this.#editor = new ModelEditor({ draft: draftFromDef(def), original, mode, source, taken: this.#takenExcept(original) });
  }

  /** New Model: a leaky integrator to start from. */
  openNew(): void {
    this.#open(skeletonDef(uniqueName('my_model', this.#allNames())), null, 'new', '');
  }
  /** Opens the editor on `name`: a copy for a template, the model itself for one of the project's. */
  openEdit(name: string): void {
    const own = this.#library.get(name);
    if (own) return this.#open(own, name, 'edit', name);
    const template = this.#studio.models.find((m) => m.name === name);
    if (template) this.#open({ ...template, name: uniqueName(`${name}_copy`, this.#allNames()) }, null, 'duplicate', name);
  }
  /** Opens an imported definition as a new model (applied only when the user presses Apply). */
  openImported(def: ModelDef, file: string): void {
    const name = this.#allNames().has(def.name) ? uniqueName(def.name, this.#allNames()) : def.name;
    this.#open({ ...def, name }, null, 'import', file);
  }

  /** Applies the editor's draft when it is valid; says why not otherwise. Returns true when applied. */
  apply(): boolean {
    const editor = this.#editor;
    if (!editor) return false;
    const { def, issues } = editor.flush();
    if (!def) {
      const n = issues.length;
      editor.applyError = `Not applied: ${n} problem${n === 1 ? '' : 's'} to fix first.`;
      return false;
    }
    const lib = this.#library;
    const r = editor.original === null ? lib.add(def) : lib.replace(editor.original, def);
    if (!r.ok) {
      editor.applyError = r.reason;
      return false;
    }
    this.#studio.selectModel(def.name);
    const version = lib.get(def.name)?.version ?? 1;
    this.#message = { text: editor.original === null ? `Model '${def.name}' added.` : `Model '${def.name}' is now version ${version}.`, error: false };
    editor.dispose();
    this.#editor = null;
    return true;
  }

  /** Export Model… asked which format (null: not asking). */
  get exportAsking(): boolean {
    return this.#exportAsking;
  }
  askExport(): void {
    this.#exportAsking = true;
    this.#message = null;
  }
  /** Writes the chosen model as `format` (main asks where). */
  async exportAs(format: ModelFileFormat): Promise<void> {
    this.#exportAsking = false;
    const def = this.#studio.model;
    if (!def) return;
    try {
      const r = await window.api.exportModel({ def: $state.snapshot(def) as ModelDef, format });
      if (!r.ok) this.#message = { text: r.error.message, error: true };
      else if (r.value.saved) this.#message = { text: `Model '${def.name}' exported to ${r.value.path ?? 'the chosen file'}.`, error: false };
    } catch (e) {
      this.#message = { text: `Could not export: ${e instanceof Error ? e.message : String(e)}`, error: true };
    }
  }

  /** Models of the last imported file not opened yet (a file may hold several). */
  get importChoices(): { file: string; defs: ModelDef[] } | null {
    return this.#choices;
  }
  /** Import Model…: main asks for the file; its first model opens in the editor, the others are offered. */
  async importModel(): Promise<void> {
    let r: Awaited<ReturnType<typeof window.api.importModel>>;
    try {
      r = await window.api.importModel();
    } catch (e) {
      this.#message = { text: `Could not import: ${e instanceof Error ? e.message : String(e)}`, error: true };
      return;
    }
    if (!r.ok) return void (this.#message = { text: r.error.message, error: true });
    if ('cancelled' in r.value) return;
    const { file, models } = r.value;
    const defs = models.flatMap((m) => (m.def ? [m.def] : []));
    const failed = models.filter((m) => !m.def).map((m) => `${m.name}: ${m.error ?? 'not imported'}`);
    this.#choices = defs.length > 1 ? { file, defs: defs.slice(1) } : null;
    if (defs.length > 0) this.openImported(defs[0], file);
    if (failed.length > 0) this.#message = { text: `${file}: ${failed.join(' ')}`, error: true };
  }
  /** Opens one more model of the last imported file. */
  openChoice(def: ModelDef): void {
    const c = this.#choices;
    if (!c) return;
    const rest = c.defs.filter((d) => d !== def);
    this.#choices = rest.length > 0 ? { file: c.file, defs: rest } : null;
    this.openImported(def, c.file);
  }

  cancel(): void {
    this.#editor?.dispose();
    this.#editor = null;
  }

  /** Renames one of the project's models; returns the refusal or null. */
  rename(from: string, to: string): string | null {
    const name = to.trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return `'${name}' is not a valid name (letters, digits and _, not starting with a digit).`;
    const r = this.#library.rename(from, name);
    if (!r.ok) return r.reason;
    this.#message = { text: `Model '${from}' renamed to '${name}'.`, error: false };
    return null;
  }

  /**
   * Deletes one of the project's models. While runs or branches use it the deletion is refused with
   * the reason, and offered again as "delete, keeping their copy" (`keepRuns`).
   */
  remove(name: string, keepRuns = false): boolean {
    const r = this.#library.remove(name, { keepRuns });
    if (!r.ok) {
      this.#message = { text: r.reason, error: true };
      this.#pendingDelete = this.#library.usedBy(name) > 0 ? name : null;
      return false;
    }
    this.#pendingDelete = null;
    this.#message = { text: `Model '${name}' deleted.${keepRuns ? ' Its runs and branches keep their own copy of it.' : ''}`, error: false };
    return true;
  }
}
