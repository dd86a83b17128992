import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTINUATION, type ContinuationRequest } from '@shared/continuation/types';
import { checkContinuationRequestShape, validateContinuation } from '@shared/continuation/validate';
import { getTemplate } from '@shared/models/templates';

const def = getTemplate('ik_nodim')!;
const good: ContinuationRequest = {
  model: 'ik_nodim',
  params: { g: 0.5 },
  initial: {},
  inputs: { I_ext: 0.15 },
  param: 'g',
  bounds: [0, 3],
  settings: { ...DEFAULT_CONTINUATION },
};
const fields = (req: unknown) => validateContinuation(req as ContinuationRequest, def).map((i) => i.field);

describe('validateContinuation', () => {
  it('accepts a good request, with an input as the parameter too', () => {
    expect(validateContinuation(good, def)).toEqual([]);
    expect(validateContinuation({ ...good, param: 'I_ext', bounds: [-1, 1] }, def)).toEqual([]);
  });

  it('names the valid parameters for an unknown one', () => {
    const issues = validateContinuation({ ...good, param: 'G' }, def);
    expect(issues).toHaveLength(1);
    expect(issues[0].field).toBe('param');
    expect(issues[0].message).toContain('Delta, tau, eta, alpha, g');
    expect(issues[0].message).toContain('I_ext');
  });

  it('refuses bad bounds, a start outside them and domain violations', () => {
    expect(fields({ ...good, bounds: [3, 0] })).toEqual(['bounds']);
    expect(fields({ ...good, bounds: [1, 1] })).toEqual(['bounds']);
    expect(fields({ ...good, bounds: [0, Infinity] })).toEqual(['bounds']);
    const outside = validateContinuation({ ...good, bounds: [1, 3] }, def);
    expect(outside[0].message).toContain('g = 0.5');
    expect(fields({ ...good, param: 'tau', bounds: [-1, 2] })).toEqual(['bounds']);
    expect(fields({ ...good, params: { tau: 0 } })).toEqual(['params.tau']);
  });

  it('refuses bad settings and names', () => {
    const s = (o: object) => fields({ ...good, settings: { ...DEFAULT_CONTINUATION, ...o } });
    expect(s({ maxPoints: 0 })).toEqual(['settings.maxPoints']);
    expect(s({ maxPoints: 2.5 })).toEqual(['settings.maxPoints']);
    expect(s({ ds: -1 })).toEqual(['settings.ds']);
    expect(s({ dsMin: 1, dsMax: 0.1 })).toEqual(['settings.dsMin']);
    expect(s({ ds: 1e-9 })).toEqual(['settings.ds']); // below dsMin
    expect(s({ ds: 1 })).toEqual([]); // above dsMax: the first step is clamped to dsMax
    expect(s({ newtonTol: NaN })).toEqual(['settings.newtonTol']);
    expect(s({ newtonMaxIter: 0 })).toEqual(['settings.newtonMaxIter']);
    expect(fields({ ...good, params: { x: 1 } })).toEqual(['params.x']);
    expect(fields({ ...good, initial: { q: 1 } })).toEqual(['initial.q']);
    expect(fields({ ...good, inputs: { g: 1 } })).toEqual(['inputs.g']);
    expect(fields({ ...good, settings: { bogus: 1 } })).toEqual(['settings.bogus']);
    expect(fields({ ...good, settings: {} })).toEqual([]);
  });

  it('never throws on any JSON', () => {
    const junk: unknown[] = [
      null,
      1,
      'x',
      [],
      {},
      { ...good, bounds: 'a' },
      { ...good, bounds: [1] },
      { ...good, params: null },
      { ...good, settings: null },
      { ...good, settings: [] },
      { ...good, param: 3 },
      { ...good, inputs: { I_ext: '1' } },
      Object.create(null),
    ];
    for (const j of junk) {
      expect(() => checkContinuationRequestShape(j)).not.toThrow();
      expect(() => validateContinuation(j as ContinuationRequest, def)).not.toThrow();
      if (j !== good) expect(validateContinuation(j as ContinuationRequest, def).length).toBeGreaterThan(0);
    }
  });
});
