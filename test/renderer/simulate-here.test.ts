import { describe, expect, it } from 'vitest';
import { HOPF_PERIODS, HOPF_PERTURBATION, MAX_SAMPLES, hopfStart } from '../../src-renderer/src/lib/simulate-here';
import { perturbedInitial } from '../../src-renderer/src/lib/branch-series';

const hb = { type: 'HB' as const, label: 'HB1', p: 0.6711237184254486, period: 125.9, criticality: 'supercritical' as const };

describe('hopfStart', () => {
  it('lengthens the window to many periods, keeps samples bounded, and explains', () => {
    const s = hopfStart(hb, 'g', 'r', 1000, 0.01)!;
    expect(s.tEnd).toBeGreaterThanOrEqual(HOPF_PERIODS * hb.period);
    expect(s.tEnd / s.sample).toBeLessThanOrEqual(MAX_SAMPLES);
    expect(s.perturbation).toBe(HOPF_PERTURBATION);
    expect(s.note).toContain('HB1 at g = 0.6711');
    expect(s.note).toContain('period ≈ 126');
    expect(s.note).toMatch(/neutral to first order/);
  });

  it('keeps a window that is already long enough', () => {
    const s = hopfStart(hb, 'g', 'r', 1e5, 1)!;
    expect(s.tEnd).toBe(1e5);
    expect(s.sample).toBe(1);
  });

  it('does nothing special for other points or an unknown period', () => {
    expect(hopfStart({ ...hb, type: 'LP' }, 'g', 'r', 1000, 0.01)).toBeNull();
    expect(hopfStart({ ...hb, period: undefined }, 'g', 'r', 1000, 0.01)).toBeNull();
  });

  it('says how the oscillation behaves for each criticality', () => {
    expect(hopfStart({ ...hb, criticality: 'subcritical' }, 'g', 'r', 1000, 0.01)!.note).toMatch(/grows away/);
    expect(hopfStart(hb, 'g', 'r', 1000, 0.01)!.note).toMatch(/dies out only slowly/);
  });

  it('perturbs the first variable by the given relative amount', () => {
    expect(perturbedInitial(['r', 'v'], [0.04, -1], HOPF_PERTURBATION)).toEqual({ r: 0.04 * 1.05, v: -1 });
  });
});
