/**
 * What the model editor needs from the project's library of custom models: the editor depends on
 * this interface only; the store behind it is the project's model library
 * (state/model-library.svelte.ts, adapted in state/model-library-port.ts).
 * Names are unique within the library and never equal a built-in template's name.
 */
import type { ModelDef } from '@shared/models/types';

export type LibraryResult = { ok: true } | { ok: false; reason: string };

export interface ModelLibraryPort {
  /** The custom models, in the order they were added. */
  list(): readonly ModelDef[];
  /** The current definition named `name`, or undefined. */
  get(name: string): ModelDef | undefined;
  /** Adds a new model (version 1); refused when the name is taken. */
  add(def: ModelDef): LibraryResult;
  /**
   * Replaces `name` by a new version of it (`def.name` may differ: a rename with new content).
   * Earlier versions stay with the runs and branches made with them (their requests carry them).
   */
  replace(name: string, def: ModelDef): LibraryResult;
  rename(from: string, to: string): LibraryResult;
  /**
   * Removes `name`; refused (with a reason naming what uses it) while runs or branches use it,
   * unless `keepRuns`: they keep their own copy of the definition (their requests carry it).
   */
  remove(name: string, opts?: { keepRuns?: boolean }): LibraryResult;
  /** Number of runs and branches made with any version of `name`. */
  usedBy(name: string): number;
}
