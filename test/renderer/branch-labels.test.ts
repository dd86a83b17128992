import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTINUATION, type ContinuationRequest } from '@shared/continuation/types';
import { branchLabels } from '../../src-renderer/src/lib/branch-labels';

function req(over: Partial<ContinuationRequest> & { g?: number; I?: number }): ContinuationRequest {
  return {
    model: 'ik_nodim',
    params: { Delta: 0.02, eta: 0, g: over.g ?? 0.5 },
    initial: { r: 0, v: 0 },
    inputs: { I_ext: over.I ?? 0.15 },
    param: 'eta',
    bounds: [-1, 1],
    settings: { ...DEFAULT_CONTINUATION },
    ...over,
  };
}

describe('branchLabels', () => {
  it('names the parameter that differs between branches of the same range', () => {
    expect(branchLabels([req({ g: 0.5 }), req({ g: 1.5 })], [1, 2])).toEqual(['eta ∈ [-1, 1] · g = 0.5', 'eta ∈ [-1, 1] · g = 1.5']);
  });

  it('gives the range alone when nothing else differs, and for a single branch', () => {
    expect(branchLabels([req({})], [1])).toEqual(['eta ∈ [-1, 1]']);
    expect(branchLabels([req({}), req({ bounds: [-2, 1] })], [1, 2])).toEqual(['eta ∈ [-1, 1]', 'eta ∈ [-2, 1]']);
  });

  it("leaves out each branch's own continued parameter", () => {
    const inG = req({ param: 'g', bounds: [0, 3] });
    const inEta = req({ g: 1.5 });
    // g is continued in the first: only the second has a fixed g, so g does not differ.
    expect(branchLabels([inG, inEta], [1, 2])).toEqual(['g ∈ [0, 3]', 'eta ∈ [-1, 1]']);
  });

  it('rounds long values to the digits that tell the branches apart, input values and settings included', () => {
    const labels = branchLabels([req({ g: 1.9887447910552893, I: 0.15 }), req({ g: 0.5, I: 0.2 })], [1, 2]);
    expect(labels).toEqual(['eta ∈ [-1, 1] · g = 1.989, I_ext = 0.15', 'eta ∈ [-1, 1] · g = 0.5, I_ext = 0.2']);
    const exact = branchLabels([req({ g: 1.9887447910552893 }), req({ g: 0.5 })], [1, 2], [], true);
    expect(exact[0]).toBe('eta ∈ [-1, 1] · g = 1.9887447910552893');
    const s = branchLabels([req({}), req({ settings: { ...DEFAULT_CONTINUATION, maxPoints: 50 } })], [1, 2]);
    expect(s).toEqual(['eta ∈ [-1, 1] · maxPoints = 2000', 'eta ∈ [-1, 1] · maxPoints = 50']);
  });

  it('keeps labels unique and appends suffixes', () => {
    expect(branchLabels([req({}), req({})], [3, 4])).toEqual(['eta ∈ [-1, 1] (branch 3)', 'eta ∈ [-1, 1] (branch 4)']);
    expect(branchLabels([req({}), req({})], [3, 4], ['', ' (cancelled)'])).toEqual(['eta ∈ [-1, 1]', 'eta ∈ [-1, 1] (cancelled)']);
  });
});
