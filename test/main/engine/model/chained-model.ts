/**
 * A model whose definitions refer to definitions and are used several times (a Wilson–Cowan-like
 * pair with adaptation and sigmoid gains), for the compiler and jet tests and the bench.
 */
import type { ModelDef } from '@shared/models/types';

const info = (name: string) => ({ name, latex: name, description: name, unit: '' });

export const CHAINED: ModelDef = {
  name: 'chained_defs',
  version: 1,
  title: 'chained definitions',
  description: 'definitions chained through definitions',
  states: [
    { ...info('E'), initial: 0.1 },
    { ...info('I'), initial: 0.05 },
    { ...info('A'), initial: 0.02 },
  ],
  params: [
    { ...info('w_ee'), default: 12 },
    { ...info('w_ei'), default: 10 },
    { ...info('w_ie'), default: 9 },
    { ...info('w_ii'), default: 3 },
    { ...info('gain'), default: 1.3, domain: 'positive' },
    { ...info('theta'), default: 2.5 },
    { ...info('c'), default: 0.4 },
    { ...info('b'), default: 0.7 },
    { ...info('tau_e'), default: 1, domain: 'positive' },
    { ...info('tau_i'), default: 2, domain: 'positive' },
    { ...info('tau_a'), default: 20, domain: 'positive' },
  ],
  inputs: [
    { ...info('P'), default: 1.2 },
    { ...info('Q'), default: 0.3 },
  ],
  definitions: [
    // Listed out of dependency order on purpose: drive uses s_e, which uses x_e.
    { ...info('drive'), expr: 's_e*(1 - E) + c*s_e^2 - s_e*s_i' },
    { ...info('x_e'), expr: 'w_ee*E - w_ei*I - A + P' },
    { ...info('s_e'), expr: '1/(1 + exp(-gain*(x_e - theta)))' },
    { ...info('x_i'), expr: 'w_ie*E - w_ii*I + Q' },
    { ...info('s_i'), expr: '1/(1 + exp(-gain*(x_i - theta)))' },
  ],
  equations: [
    { state: 'E', rhs: '(-E + drive)/tau_e', latex: '' },
    { state: 'I', rhs: '(-I + s_i*(1 - I) + 0.1*x_e*x_i)/tau_i', latex: '' },
    { state: 'A', rhs: '(b*s_e - A + A*s_i^2)/tau_a', latex: '' },
  ],
};
