/**
 * One model editor session: the draft being edited, checked as the user types (debounced, see
 * CHECK_DELAY_MS), its issues by field, and what Apply makes of it. `original` is the library name
 * of the model being edited (null for a new model or a copy of a template). The draft is deep
 * state: the editor's fields bind to it and call `changed()`.
 */
import { checkDraft, type DraftCheck, type EditorIssue } from '../lib/model-editor/check';
import { emptyRow, type ModelDraft, type TableName } from '../lib/model-editor/draft';

/** Quiet time after the last keystroke before the draft is checked again. */
export const CHECK_DELAY_MS = 200;

export type EditorMode = 'new' | 'duplicate' | 'edit' | 'import';

export class ModelEditor {
  readonly original: string | null;
  readonly mode: EditorMode;
  /** Where the draft came from, for the heading (a template's name, a file name). */
  readonly source: string;
  #draft = $state() as ModelDraft;
  #check = $state.raw() as DraftCheck;
  #taken: () => ReadonlySet<string>;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #edits = $state(0);
  #applyError = $state<string | null>(null);
  /** The draft as it opened, to tell whether anything was changed (Escape then asks first). */
  readonly #initial: string;

  #byField = $derived.by(() => {
    const m = new Map<string, EditorIssue[]>();
    for (const i of this.#check.issues) m.set(i.field, [...(m.get(i.field) ?? []), i]);
    return m;
  });

  /** `taken`: names the model may not take (templates, the library's other models). */
  constructor(opts: { draft: ModelDraft; original: string | null; mode: EditorMode; source: string; taken: () => ReadonlySet<string> }) {
    this.original = opts.original;
    this.mode = opts.mode;
    this.source = opts.source;
    this.#taken = opts.taken;
    this.#draft = opts.draft;
    this.#initial = JSON.stringify(opts.draft);
    this.#check = this.#run();
  }

  /** True when the draft differs from what the editor opened with. */
  get modified(): boolean {
    return JSON.stringify($state.snapshot(this.#draft)) !== this.#initial;
  }

  get draft(): ModelDraft {
    return this.#draft;
  }
  get check(): DraftCheck {
    return this.#check;
  }
  get issues(): EditorIssue[] {
    return this.#check.issues;
  }
  /** Issues at `field` (e.g. `equations.1.text`). */
  issuesAt(field: string): EditorIssue[] {
    return this.#byField.get(field) ?? [];
  }
  /** True when any field of row `i` of `table` has an issue. */
  rowHasIssue(table: TableName, i: number): boolean {
    const prefix = `${table}.${i}.`;
    return this.#check.issues.some((x) => x.field.startsWith(prefix));
  }
  /** True once the user changed anything. */
  get edited(): boolean {
    return this.#edits > 0;
  }
  /** True while a check is pending (the shown issues may be stale). */
  get checking(): boolean {
    return this.#timer !== null;
  }
  get applyError(): string | null {
    return this.#applyError;
  }
  set applyError(message: string | null) {
    this.#applyError = message;
  }

  #run(): DraftCheck {
    return checkDraft($state.snapshot(this.#draft) as ModelDraft, { taken: this.#taken() });
  }

  /** Call after every edit: schedules a check CHECK_DELAY_MS after the last one. */
  changed(): void {
    this.#edits++;
    this.#applyError = null;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#check = this.#run();
    }, CHECK_DELAY_MS);
  }

  /** Checks now (Apply, Ctrl/Cmd+S); returns the result. */
  flush(): DraftCheck {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#check = this.#run();
    return this.#check;
  }

  addRow(table: TableName, at = this.#draft[table].length): void {
    (this.#draft[table] as unknown[]).splice(at, 0, emptyRow(table));
    this.changed();
  }
  removeRow(table: TableName, i: number): void {
    this.#draft[table].splice(i, 1);
    this.changed();
  }

  /** Stops the pending check (the editor closed). */
  dispose(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
