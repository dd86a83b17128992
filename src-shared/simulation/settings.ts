/**
 * The numeric solver settings, one entry each (see ../settings.ts): DEFAULT_SOLVER's numbers, the
 * validator's and the project reader's key lists, the renderer's solver form and the CLI's option
 * names come from this list. The method is not numeric: its names are METHODS in ./types.ts, its
 * option `--method`. Bounds here are each setting's own; the validator adds the rules that tie
 * settings together (dt <= sample <= tEnd, sample a multiple of dt for fixed-step methods) and
 * checks rtol and atol only for the methods that use them.
 */
import type { NumericSetting } from '../settings';

/**
 * Smallest relative tolerance an adaptive method accepts: 10 units of roundoff, as in Hairer's
 * DOPRI5 code (HNW I, II.5); below it no step can pass the error test.
 */
export const MIN_RTOL = 10 * Number.EPSILON;

export type SolverNumberKey = 'dt' | 'tEnd' | 'sample' | 'cutoff' | 'rtol' | 'atol';

export const SOLVER_SETTINGS: readonly NumericSetting<SolverNumberKey>[] = [
  {
    key: 'dt',
    type: 'number',
    default: 5e-4,
    min: 0,
    minOpen: true,
    cli: '--dt',
    label: 'dt',
    unit: 'time',
    help: 'Integration step of the fixed-step methods; first step of the adaptive ones.',
  },
  {
    key: 'tEnd',
    type: 'number',
    default: 1000,
    min: 0,
    minOpen: true,
    cli: '--t-end',
    label: 'T',
    unit: 'time',
    help: 'End time: the model is integrated over [0, T].',
  },
  {
    key: 'sample',
    type: 'number',
    default: 0.01,
    min: 0,
    minOpen: true,
    cli: '--sample',
    label: 'sample',
    unit: 'time',
    help: 'Output sampling interval (at least dt).',
  },
  {
    key: 'cutoff',
    type: 'number',
    default: 0,
    min: 0,
    label: 'cutoff',
    unit: 'time',
    help: 'Samples before this time are dropped (transient).',
  },
  {
    key: 'rtol',
    type: 'number',
    default: 1e-3,
    min: MIN_RTOL,
    cli: '--rtol',
    label: 'rtol',
    unit: '',
    help: 'Relative error tolerance per step of the adaptive methods (scipy default 1e-3).',
  },
  {
    key: 'atol',
    type: 'number',
    default: 1e-6,
    min: 0,
    minOpen: true,
    cli: '--atol',
    label: 'atol',
    unit: '',
    help: 'Absolute error tolerance per step of the adaptive methods (scipy default 1e-6).',
  },
];

/** The CLI option of each solver field that has one, by field name (`method`, `dt`, ...). */
export const SOLVER_CLI: Readonly<Record<string, string>> = {
  method: '--method',
  ...Object.fromEntries(SOLVER_SETTINGS.flatMap((s) => (s.cli ? [[s.key, s.cli]] : []))),
};
