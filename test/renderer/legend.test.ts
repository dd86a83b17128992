import { describe, expect, it } from 'vitest';
import type { SimulationRequest } from '@shared/simulation/types';
import { DEFAULT_SOLVER } from '@shared/simulation/types';
import { getTemplate } from '@shared/models/templates';
import { changedFromDefaults, differingFacts, formatWindows, inputSummary, runLabels } from '../../src-renderer/src/lib/legend';

function req(over: {
  params?: Record<string, number>;
  solver?: Partial<SimulationRequest['solver']>;
  windows?: { start: number; stop: number; value: number }[];
  baseline?: number;
  model?: string;
  initial?: Record<string, number>;
}): SimulationRequest {
  return {
    model: over.model ?? 'ik_nodim',
    params: { Delta: 0.02, tau: 1, g: 0.5, ...over.params },
    initial: { r: 0, v: 0, ...over.initial },
    inputs: {
      I_ext: { kind: 'schedule', baseline: over.baseline ?? 0.15, windows: over.windows ?? [{ start: 400, stop: 600, value: 0 }] },
    },
    solver: { ...DEFAULT_SOLVER, ...over.solver },
  };
}

describe('runLabels', () => {
  it('names the one parameter that differs (the seed scenario)', () => {
    expect(runLabels([req({}), req({ params: { g: 1.5 } })], [1, 2])).toEqual(['g = 0.5', 'g = 1.5']);
  });

  it('joins several differences in a stable order: params, then solver', () => {
    const labels = runLabels([req({}), req({ params: { g: 1.5 }, solver: { dt: 1e-3 } })], [1, 2]);
    expect(labels).toEqual(['g = 0.5, dt = 5e-4', 'g = 1.5, dt = 0.001']);
  });

  it('says "run N" when nothing differs, and for a single run', () => {
    expect(runLabels([req({})], [7])).toEqual(['run 7']);
    expect(runLabels([req({}), req({})], [1, 2])).toEqual(['run 1', 'run 2']);
  });

  it('makes labels unique when two of three runs are identical', () => {
    const labels = runLabels([req({}), req({}), req({ params: { g: 1.5 } })], [1, 2, 3]);
    expect(labels).toEqual(['g = 0.5 (run 1)', 'g = 0.5 (run 2)', 'g = 1.5']);
    expect(new Set(labels).size).toBe(3);
  });

  it('describes input baselines and windows, and initial values', () => {
    const labels = runLabels([req({}), req({ baseline: 0.2, windows: [] }), req({ initial: { r: 0.1 } })], [1, 2, 3]);
    expect(labels[0]).toBe('r(0) = 0, I_ext = 0.15, I_ext: 0 on [400, 600)');
    expect(labels[1]).toBe('r(0) = 0, I_ext = 0.2, I_ext: no windows');
    expect(labels[2]).toBe('r(0) = 0.1, I_ext = 0.15, I_ext: 0 on [400, 600)');
  });

  it('compares tolerances only among adaptive runs (dopri5, rodas4, auto)', () => {
    const a = req({ solver: { method: 'rk4', rtol: 1e-3 } });
    const b = req({ solver: { method: 'dopri5', rtol: 1e-8 } });
    expect(runLabels([a, b], [1, 2])).toEqual(['rk4', 'dopri5']);
    const c = req({ solver: { method: 'dopri5', rtol: 1e-6 } });
    expect(runLabels([b, c], [1, 2])).toEqual(['rtol = 1e-8', 'rtol = 1e-6']);
    const d = req({ solver: { method: 'rodas4', rtol: 1e-8 } });
    const e = req({ solver: { method: 'auto', rtol: 1e-6 } });
    expect(runLabels([d, e], [1, 2])).toEqual(['rodas4, rtol = 1e-8', 'auto, rtol = 1e-6']);
  });

  it("does not list another model's parameters, only the model and shared differences", () => {
    const a = req({});
    const b = { ...req({}), model: 'ik_eta', params: { Delta: 0.02, g: 0.5, k: 1, C: 100 } };
    expect(differingFacts([a, b])).toEqual([['ik_nodim'], ['ik_eta']]);
  });

  it('rounds long values to the fewest digits (at least 4) that tell the runs apart; exact labels keep them', () => {
    const hb = 1.9887447910552893;
    expect(runLabels([req({}), req({ params: { g: hb } })], [1, 2])).toEqual(['g = 0.5', 'g = 1.989']);
    expect(runLabels([req({}), req({ params: { g: hb } })], [1, 2], true)).toEqual(['g = 0.5', `g = ${hb}`]);
    expect(runLabels([req({ params: { g: hb } }), req({ params: { g: 1.98875 } })], [1, 2])).toEqual(['g = 1.9887', 'g = 1.9888']);
    expect(runLabels([req({ params: { g: 0.67112371842 } }), req({ params: { g: 0.671124 } })], [1, 2])).toEqual(['g = 0.6711237', 'g = 0.671124']);
  });

  it('never prints two different values alike', () => {
    const labels = runLabels([req({ params: { g: 1.5 } }), req({ params: { g: 1.5000000001 } })], [1, 2]);
    expect(labels[0]).not.toBe(labels[1]);
  });
});

describe('input summaries (run labels and inspector share them)', () => {
  it('formats windows as value on [start, stop), joined by "; "', () => {
    const windows = [
      { start: 400, stop: 600, value: 0 },
      { start: 700, stop: 750.5, value: 1e-4 },
    ];
    expect(formatWindows(windows)).toBe('0 on [400, 600); 1e-4 on [700, 750.5)');
    expect(formatWindows([])).toBe('');
  });

  it('puts baseline and windows in one line, and names array inputs by length', () => {
    const spec = { kind: 'schedule' as const, baseline: 0.15, windows: [{ start: 400, stop: 600, value: 0 }] };
    expect(inputSummary('I_ext', spec)).toBe('I_ext = 0.15; 0 on [400, 600)');
    expect(inputSummary('I_ext', { ...spec, windows: [] })).toBe('I_ext = 0.15');
    expect(inputSummary('I_ext', { kind: 'array', values: [1, 2, 3] })).toBe('I_ext: array of 3');
    // The run label's window fact is the same text.
    expect(runLabels([req({}), req({ windows: [{ start: 1, stop: 2, value: 3 }] })], [1, 2])[1]).toBe(
      `I_ext: ${formatWindows([{ start: 1, stop: 2, value: 3 }])}`,
    );
  });
});

describe('changedFromDefaults', () => {
  const def = getTemplate('ik_nodim')!;
  const base = (): SimulationRequest => ({
    ...req({}),
    params: Object.fromEntries(def.params.map((p) => [p.name, p.default])),
    initial: Object.fromEntries(def.states.map((s) => [s.name, s.initial])),
  });

  it('lists nothing for the model defaults', () => {
    expect(changedFromDefaults(base(), def)).toEqual({ params: [], initial: [] });
  });

  it('lists changed parameters and initial values in model order', () => {
    const r = base();
    r.params.g = 1.5;
    r.initial.v = 100;
    r.initial.r = 0.25;
    const texts = (c: ReturnType<typeof changedFromDefaults>) => ({ params: c.params.map((x) => x.text), initial: c.initial.map((x) => x.text) });
    expect(texts(changedFromDefaults(r, def))).toEqual({ params: ['g = 1.5'], initial: ['r(0) = 0.25', 'v(0) = 100'] });
  });

  it('rounds a long value to the digits that tell it from the default and the other runs, full value kept', () => {
    const r = base();
    r.params.g = 1.9887447910552893;
    const [g] = changedFromDefaults(r, def).params;
    expect(g).toEqual({ text: 'g = 1.989', exact: 'g = 1.9887447910552893' });
    const other = base();
    other.params.g = 1.9887;
    expect(changedFromDefaults(r, def, [other]).params[0].text).toBe('g = 1.98874');
  });
});
