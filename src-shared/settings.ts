/**
 * Numeric settings described once: each setting of a kind (continuation, solver) is one entry of a
 * list with its type, default, bounds, command-line option, label, unit and help. The defaults,
 * the validators' per-setting checks, the project file's key lists, the renderer's forms and the
 * CLI's field-to-option map are derived from these lists, so a setting added to a list is known
 * everywhere. Rules that tie two settings together (dsMin <= dsMax, sample >= dt) stay in the
 * validators.
 */

export interface NumericSetting<K extends string = string> {
  /** The key in the settings object (`ds`, `dt`, ...); fields are named `<group>.<key>`. */
  readonly key: K;
  /** 'integer': a whole number; 'number': any finite number. */
  readonly type: 'integer' | 'number';
  readonly default: number;
  /** Smallest accepted value (inclusive unless `minOpen`). */
  readonly min: number;
  readonly minOpen?: boolean;
  /** Largest accepted value (inclusive unless `maxOpen`); default no limit. */
  readonly max?: number;
  readonly maxOpen?: boolean;
  /**
   * The `meanfield` command-line option that sets it (`--max-points`), for messages that name what
   * the user typed; absent when the CLI has no option for it.
   */
  readonly cli?: string;
  /** Short label for forms (`first step`). */
  readonly label: string;
  /** Unit or measure shown beside the value (`arclength`, `per point`; 'time' = the model's time unit). */
  readonly unit: string;
  /** One or two sentences: what the setting does, in the user's words. */
  readonly help: string;
}

/** The defaults of a list, as a settings object. */
export function defaultsOf<K extends string>(list: readonly NumericSetting<K>[]): Record<K, number> {
  return Object.fromEntries(list.map((s) => [s.key, s.default])) as Record<K, number>;
}

/** The keys of a list, in order. */
export function keysOf<K extends string>(list: readonly NumericSetting<K>[]): K[] {
  return list.map((s) => s.key);
}

/**
 * What is wrong with `v` for `s` (finite, whole if integer, inside the bounds), or null when it is
 * accepted. Messages read `must be ... (got v)`; a value above the limit also gives the default.
 */
export function settingProblem(s: NumericSetting, v: number): string | null {
  if (!Number.isFinite(v)) return `must be a finite number (got ${v})`;
  const max = s.max ?? Infinity;
  if (s.type === 'integer') {
    if (Number.isInteger(v) && v >= s.min && v <= max) return null;
    return Number.isFinite(max) ? `must be a whole number from ${s.min} to ${max} (got ${v})` : `must be a whole number >= ${s.min} (got ${v})`;
  }
  if (s.minOpen ? !(v > s.min) : !(v >= s.min)) return `must be ${s.minOpen ? '>' : '>='} ${s.min} (got ${v})`;
  if (s.maxOpen ? !(v < max) : !(v <= max)) return `must be ${s.maxOpen ? '<' : '<='} ${max} (got ${v}); the default is ${s.default}`;
  return null;
}
