/**
 * Layout rules of the window, as pure functions (no DOM): the side-by-side split's share and its
 * keyboard steps, and when the right column (branches, runs, inspector) is folded away.
 */

/** The time series' share of the centre in Side by side: at first, and the limits of a drag. */
export const SPLIT_DEFAULT = 0.45;
export const SPLIT_MIN = 0.25;
export const SPLIT_MAX = 0.75;
/** One arrow-key step of the split handle; Page Up/Down move by four. */
export const SPLIT_STEP = 0.02;

/** Below this window width (CSS px) Side by side folds the lists, so both charts keep room. */
export const WIDE_SPLIT = 1600;

export function clampSplit(f: number): number {
  if (!Number.isFinite(f)) return SPLIT_DEFAULT;
  return Math.min(SPLIT_MAX, Math.max(SPLIT_MIN, f));
}

/**
 * The split after pressing `key` on the handle (a vertical separator): Left/Right (and Up/Down)
 * move by one step, Page Up/Down by four, Home/End to the limits, Enter back to the default.
 * Null for any other key (the handle ignores it).
 */
export function splitAfterKey(f: number, key: string): number | null {
  switch (key) {
    case 'ArrowLeft':
    case 'ArrowDown':
      return clampSplit(f - SPLIT_STEP);
    case 'ArrowRight':
    case 'ArrowUp':
      return clampSplit(f + SPLIT_STEP);
    case 'PageDown':
      return clampSplit(f - 4 * SPLIT_STEP);
    case 'PageUp':
      return clampSplit(f + 4 * SPLIT_STEP);
    case 'Home':
      return SPLIT_MIN;
    case 'End':
      return SPLIT_MAX;
    case 'Enter':
      return SPLIT_DEFAULT;
    default:
      return null;
  }
}

/** The split for a pointer at `x` over a centre spanning [left, left + width). */
export function splitAtPointer(x: number, left: number, width: number): number {
  return width > 0 ? clampSplit((x - left) / width) : SPLIT_DEFAULT;
}

/**
 * Whether the right column shows: as the user chose (`choice`), else folded only in Side by side
 * on a window narrower than WIDE_SPLIT.
 */
export function listsShown(view: 'timeseries' | 'bifurcation' | 'split', width: number, choice: boolean | null): boolean {
  if (choice !== null) return choice;
  return !(view === 'split' && width < WIDE_SPLIT);
}
