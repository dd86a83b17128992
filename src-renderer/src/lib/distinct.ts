/**
 * Labels that print each number with just the digits that tell the listed entries apart. Pure, no DOM.
 *
 * A label fact is either plain text or a number with a prefix ("g = " and 1.9887447910552893).
 * `differingTexts` keeps, for each entry, the facts whose value is not the same in every entry that
 * has that fact, and prints each number with `distinctDigits` of its key: the fewest significant
 * digits (at least MIN_DIGITS) that keep the key's different values different in print. The full
 * value is never lost: `exact: true` prints every number at full precision (tooltips, exports).
 */
import { formatExact, formatValue } from './format';

/** The fewest significant digits a label shows (0.03584, 1.989, 1000). */
export const MIN_DIGITS = 4;

export interface LabelFact {
  /** Identity of the fact across entries, e.g. `params.g`. */
  key: string;
  /** The text before the number ("g = "), or the whole text of a non-numeric fact. */
  text: string;
  /** The number, printed after `text`; absent for a plain text fact. */
  value?: number;
}

/**
 * The fewest significant digits, from `min` up to 17, at which the distinct values among `values`
 * print as distinct texts (see `roundedText`). 17 digits always tell doubles apart.
 */
export function distinctDigits(values: readonly number[], min = MIN_DIGITS): number {
  const unique = [...new Set(values)];
  for (let d = min; d < 17; d++) {
    const texts = new Set(unique.map((v) => roundedText(v, d)));
    if (texts.size === unique.length) return d;
  }
  return 17;
}

/**
 * `x` at `digits` significant digits (all of its whole digits when it has more), or its exact text
 * when that is no longer (so integers such as 12345 and short decimals such as 0.15 print as typed).
 */
export function roundedText(x: number, digits: number): string {
  const exact = formatExact(x);
  if (digits >= 17 || !Number.isFinite(x)) return exact;
  // Whole digits are never replaced by zeros: 12345.6 at 4 digits prints as 12346, not 12350.
  const rounded = Math.abs(x) >= 10 ** digits && Math.abs(x) < 1e15 ? String(Math.round(x)) : formatValue(x, digits);
  return exact.length <= rounded.length ? exact : rounded;
}

/** Full-precision text of a fact. */
export function exactFactText(f: LabelFact): string {
  return f.value === undefined ? f.text : `${f.text}${formatExact(f.value)}`;
}

/**
 * For each entry, the texts of the facts that differ between the entries, in fact order. A key
 * differs when it has more than one value among the entries that have it (keys only some entries
 * have are compared among those). Numbers get the digits that tell their key's values apart, or
 * full precision with `exact`.
 */
export function differingTexts(entries: readonly (readonly LabelFact[])[], exact = false): string[][] {
  const values = new Map<string, Set<string>>();
  const numbers = new Map<string, number[]>();
  for (const facts of entries) {
    for (const f of facts) {
      let set = values.get(f.key);
      if (!set) values.set(f.key, (set = new Set()));
      set.add(exactFactText(f));
      if (f.value !== undefined) {
        const list = numbers.get(f.key);
        if (list) list.push(f.value);
        else numbers.set(f.key, [f.value]);
      }
    }
  }
  const digits = new Map<string, number>();
  for (const [key, list] of numbers) digits.set(key, exact ? 17 : distinctDigits(list));
  return entries.map((facts) =>
    facts
      .filter((f) => (values.get(f.key)?.size ?? 0) > 1)
      .map((f) => (f.value === undefined ? f.text : `${f.text}${roundedText(f.value, digits.get(f.key) ?? 17)}`)),
  );
}

/** Appends " (<noun> <id>)" to the labels that would otherwise be shared, so every label is unique. */
export function uniqueLabels(labels: readonly string[], ids: readonly number[], noun: string): string[] {
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  return labels.map((l, i) => ((counts.get(l) ?? 0) > 1 ? `${l} (${noun} ${ids[i]})` : l));
}
