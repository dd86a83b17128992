import { describe, expect, it } from 'vitest';
import type { Branch, BranchPoint, SpecialPoint } from '@shared/continuation/types';
import { buildDiagram, diagramHit, type DiagramBranch } from '../../src-renderer/src/lib/diagram';

const point = (p: number, r: number): BranchPoint => ({ p, x: [r, -r], stable: true, eigenvalues: [[-1, 0]] });

function fold(label: string, index: number, p: number, r: number): SpecialPoint {
  return { type: 'LP', label, index, p, x: [r, -r], eigenvalues: [[0, 0]], converged: true, description: '' };
}

function entry(id: number, points: BranchPoint[], special: SpecialPoint[] = []): DiagramBranch {
  const end = { reason: 'bound' as const, message: '' };
  const branch: Branch = { param: 'g', stateNames: ['r', 'v'], points, special, ends: [end, end], startIndex: 0 };
  return { id, label: `branch ${id}`, color: '#000', branch };
}

/** 100 px per unit of the parameter, 100 px per unit of r, y pointing down from 500 px. */
const px = { x: (p: number) => 100 * p, y: (r: number) => 500 - 100 * r };

describe('diagramHit', () => {
  const a = entry(1, [point(0, 0), point(1, 1), point(2, 2)], [fold('LP1', 1, 1.05, 1.05)]);
  const b = entry(2, [point(0, 0.3), point(1.02, 1.1)]);
  const branches = [a, b];
  const marks = buildDiagram(branches, 'r').marks;

  it('picks a special point within 10 px before any branch point, even a nearer one', () => {
    // The mouse is on branch 1's point (1, 1) at (100, 400), ~7 px from LP1 at (105, 395).
    const hit = diagramHit(branches, 'r', marks, 100, 400, px);
    expect(hit).toEqual({ branchId: 1, index: 1, special: a.branch.special[0] });
  });

  it('else picks the nearest branch point over all branches, within 12 px', () => {
    // (102, 390) is branch 2's (1.02, 1.1); branch 1's (1, 1) is 10.2 px away, also within reach.
    expect(diagramHit(branches, 'r', [], 102, 390, px)).toEqual({ branchId: 2, index: 1, special: null });
    expect(diagramHit(branches, 'r', [], 3, 468, px)).toEqual({ branchId: 2, index: 0, special: null });
    expect(diagramHit(branches, 'r', [], 190, 300, px)).toEqual({ branchId: 1, index: 2, special: null });
  });

  it('finds nothing farther than 12 px, off the plot, or for a variable the branches lack', () => {
    expect(diagramHit(branches, 'r', marks, 150, 450, px)).toBeNull();
    expect(diagramHit(branches, 'r', marks, 200, 313, px)).toBeNull(); // 13 px from (2, 2)
    expect(diagramHit(branches, 'r', marks, -10, 500, px)).toBeNull();
    expect(diagramHit(branches, 'u', [], 100, 400, px)).toBeNull();
    // v = -r is plotted upside down: branch 1's (2, -2) sits at (200, 700).
    expect(diagramHit(branches, 'v', [], 200, 695, px)).toEqual({ branchId: 1, index: 2, special: null });
  });
});
