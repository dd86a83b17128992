import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTINUATION, type ContinuationRequest } from '@shared/continuation/types';
import { getTemplate } from '@shared/models/templates';
import type { ModelDef } from '@shared/models/types';
import { DEFAULT_SOLVER, type SimulationRequest } from '@shared/simulation/types';
import { runContinuationRequest } from '../../../src-main/engine/run-continuation-request';
import { runSimulationRequest } from '../../../src-main/engine/run-request';

const hooks = { onProgress: () => {}, isCancelled: () => false };
const copyOf = (name: string, newName: string): ModelDef => ({ ...(JSON.parse(JSON.stringify(getTemplate(name))) as ModelDef), name: newName });

const sim = (model: string, def?: ModelDef): SimulationRequest => ({
  model,
  ...(def ? { def } : {}),
  params: { g: 1.5 },
  initial: {},
  inputs: { I_ext: { kind: 'schedule', baseline: 0.15, windows: [] } },
  solver: { ...DEFAULT_SOLVER, tEnd: 50, dt: 0.01 },
});

describe('requests carrying a custom definition', () => {
  it('simulate bit for bit like the template they copy', () => {
    const a = runSimulationRequest(sim('ik_nodim'), hooks);
    const b = runSimulationRequest(sim('my_ik', copyOf('ik_nodim', 'my_ik')), hooks);
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(b.result.columns.map((c) => Array.from(c))).toEqual(a.result.columns.map((c) => Array.from(c)));
  });

  it('trace the same branch as the template they copy', () => {
    const req = (model: string, def?: ModelDef): ContinuationRequest => ({
      model,
      ...(def ? { def } : {}),
      params: {},
      initial: {},
      inputs: { I_ext: 0.15 },
      param: 'g',
      bounds: [0, 3],
      settings: DEFAULT_CONTINUATION,
    });
    const a = runContinuationRequest(req('ik_nodim'), hooks);
    const b = runContinuationRequest(req('nodim_copy', copyOf('ik_nodim', 'nodim_copy')), hooks);
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(a.result.branch?.special.length).toBeGreaterThan(0);
    expect(b.result.branch?.special).toEqual(a.result.branch?.special);
  });

  it('are refused with the field at fault when the definition is broken or misnamed', () => {
    const bad = copyOf('ik_nodim', 'broken');
    bad.equations[1].rhs = 'v^2 + nosuch';
    const out = runSimulationRequest(sim('broken', bad), hooks);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error.issues?.[0].field).toBe('def.equations[1].rhs');
    expect(out.error.issues?.[0].message).toContain('nosuch');
    const misnamed = runSimulationRequest(sim('other', copyOf('ik_nodim', 'mine')), hooks);
    expect(misnamed.ok).toBe(false);
    if (!misnamed.ok) expect(misnamed.error.issues?.[0].field).toBe('model');
    const shadow = runSimulationRequest(sim('ik_nodim', copyOf('ik_nodim', 'ik_nodim')), hooks);
    expect(shadow.ok).toBe(false);
  });
});
