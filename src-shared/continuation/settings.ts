/**
 * The continuation settings, one entry each (see ../settings.ts): DEFAULT_CONTINUATION, the
 * validator's per-setting checks, the project file's keys, the renderer's advanced settings and
 * the CLI's option names come from this list. Order = display order.
 */
import type { NumericSetting } from '../settings';

/** Largest accepted maxPoints (per direction). */
export const MAX_POINTS_LIMIT = 100_000;
/** Largest accepted newtonMaxIter. */
export const MAX_NEWTON_ITER = 100;

export type ContinuationSettingKey = 'maxPoints' | 'ds' | 'dsMax' | 'dsMin' | 'newtonTol' | 'newtonMaxIter';

/**
 * dsMax = 0.05 is the automatic value: left at it, the largest step is relative to the range,
 * (range width) / 200 (so g in [0, 3] gets steps of at most 0.015 and a smooth curve of about 200
 * points, eta in [-100, 200] steps of 1.5); any other dsMax is used as given, an absolute cap (see
 * largestStep in src-main/engine/continuation/run.ts).
 */
export const CONTINUATION_SETTINGS: readonly NumericSetting<ContinuationSettingKey>[] = [
  {
    key: 'maxPoints',
    type: 'integer',
    default: 2000,
    min: 1,
    max: MAX_POINTS_LIMIT,
    cli: '--max-points',
    label: 'max points',
    unit: 'per direction',
    help: 'Most points traced on each side of the start; the branch stops there if it has not reached the range ends.',
  },
  {
    key: 'ds',
    type: 'number',
    default: 0.01,
    min: 0,
    minOpen: true,
    label: 'first step',
    unit: 'arclength',
    help: 'Initial step along the curve, measured as arclength in (parameter, state) space. Adapted as the trace goes.',
  },
  {
    key: 'dsMax',
    type: 'number',
    default: 0.05,
    min: 0,
    minOpen: true,
    label: 'largest step',
    unit: 'arclength',
    help: 'Upper limit of the adaptive step: smaller gives a finer curve and more points. At its default it scales with the range (width / 200); any other value is an absolute cap.',
  },
  {
    key: 'dsMin',
    type: 'number',
    default: 1e-8,
    min: 0,
    minOpen: true,
    label: 'smallest step',
    unit: 'arclength',
    help: 'When the step must shrink below this to converge, the branch stops (step size underflow).',
  },
  {
    key: 'newtonTol',
    type: 'number',
    default: 1e-10,
    min: 0,
    minOpen: true,
    max: 1e-2,
    maxOpen: true,
    label: 'tolerance',
    unit: 'max-norm',
    help: 'A point is accepted when the corrector residual and its last update are below this.',
  },
  {
    key: 'newtonMaxIter',
    type: 'integer',
    default: 8,
    min: 1,
    max: MAX_NEWTON_ITER,
    label: 'corrector iterations',
    unit: 'per point',
    help: 'Newton iterations allowed per point before the step is halved and retried.',
  },
];

/** The entry of a continuation setting. */
export function continuationSetting(key: ContinuationSettingKey): NumericSetting<ContinuationSettingKey> {
  return CONTINUATION_SETTINGS.find((s) => s.key === key)!;
}

/** The CLI option of each continuation setting that has one, by key (`maxPoints` -> `--max-points`). */
export const CONTINUATION_CLI: Readonly<Record<string, string>> = Object.fromEntries(CONTINUATION_SETTINGS.flatMap((s) => (s.cli ? [[s.key, s.cli]] : [])));
