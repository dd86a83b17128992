/**
 * The app's list of cycle families: add, select, hide, delete with Undo, the selected cycle point,
 * and restoring from a project.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTINUATION, type ContinuationRequest, type SpecialPoint } from '@shared/continuation/types';
import { getTemplate } from '@shared/models/templates';
import type { BranchEntry } from '../../src-renderer/src/state/branches.svelte';
import { CYCLE_MESH_DEFAULTS } from '@shared/cycles/types';
import { CycleForm } from '../../src-renderer/src/state/cycle-form.svelte';
import { CycleStore } from '../../src-renderer/src/state/cycles.svelte';
import { cycleBranch, cycleRequest, cycleResult } from './cycle-fixtures';

describe('CycleStore', () => {
  it('adds families with their own colours and selects the latest', () => {
    const store = new CycleStore();
    const a = store.add(cycleRequest(), cycleResult());
    const b = store.addBranch(cycleRequest(), cycleBranch(4));
    expect(store.all.map((c) => c.id)).toEqual([a.id, b.id]);
    expect(a.color).not.toBe(b.color);
    expect(store.selected).toBe(b);
    expect(b.branch.points).toHaveLength(4);
    expect(b.result.status).toBe('ok');
    expect(a.label).toBe('Cycles from HB1 in g');
    expect(store.add(cycleRequest(), cycleResult(cycleBranch(), 'cancelled')).label).toBe('Cycles from HB1 in g (cancelled)');
    store.select(a.id);
    expect(store.selected).toBe(a);
    expect(() => store.add(cycleRequest(), cycleResult(null, 'noStart'))).toThrow();
  });

  it('hides a family from the visible list and shows it again', () => {
    const store = new CycleStore();
    const a = store.add(cycleRequest(), cycleResult());
    a.toggle();
    expect(store.visible).toEqual([]);
    a.toggle();
    expect(store.visible).toEqual([a]);
  });

  it('deletes a family and puts it back in its place with Undo', () => {
    const store = new CycleStore();
    const [a, b, c] = [0, 1, 2].map(() => store.add(cycleRequest(), cycleResult()));
    store.selectPoint({ familyId: b.id, index: 3 });
    store.remove(b.id);
    expect(store.all).toEqual([a, c]);
    expect(store.removed).toBe(b);
    expect(store.selectedPoint).toBeNull();
    store.undoRemove();
    expect(store.all).toEqual([a, b, c]);
    expect(store.removed).toBeNull();
    store.remove(999);
    expect(store.all).toHaveLength(3);
  });

  it('keeps a selected cycle point only when the family has it', () => {
    const store = new CycleStore();
    const a = store.add(cycleRequest(), cycleResult());
    store.add(cycleRequest(), cycleResult());
    store.selectPoint({ familyId: a.id, index: 2 });
    expect(store.selectedPoint).toEqual({ familyId: a.id, index: 2 });
    expect(store.selectedId).toBe(a.id);
    expect(store.selectedCycle?.point).toBe(a.branch.points[2]);
    store.selectPoint({ familyId: a.id, index: 99 });
    expect(store.selectedPoint).toEqual({ familyId: a.id, index: 2 });
    store.selectPoint(null);
    expect(store.selectedCycle).toBeNull();
  });

  it('restores families from a project, skipping ones without a family, and numbers new ones after them', () => {
    const store = new CycleStore();
    store.add(cycleRequest(), cycleResult());
    store.restore(
      [
        { id: 4, color: 3, visible: false, request: cycleRequest(), result: cycleResult() },
        { id: 7, color: 1, visible: true, request: cycleRequest(), result: cycleResult(null, 'noStart') },
      ],
      4,
    );
    expect(store.all.map((c) => [c.id, c.color, c.visible])).toEqual([[4, 3, false]]);
    expect(store.selectedId).toBe(4);
    expect(store.add(cycleRequest(), cycleResult()).id).toBe(5);
    store.restore([], 4);
    expect(store.selectedId).toBeNull();
  });
});

describe('CycleForm', () => {
  const def = getTemplate('ik_nodim')!;
  const request: ContinuationRequest = {
    model: 'ik_nodim',
    params: {},
    initial: {},
    inputs: { I_ext: 0.15 },
    param: 'g',
    bounds: [3, 0],
    settings: { ...DEFAULT_CONTINUATION },
  };
  const hb: SpecialPoint = {
    type: 'HB',
    label: 'HB1',
    index: 3,
    p: 0.67,
    x: [0.04, 0.25, 0.1, 0.1],
    eigenvalues: [],
    converged: true,
    omega: 0.05,
    description: '',
  };
  const entry = { request, branch: { param: 'g' } } as unknown as BranchEntry;

  it("offers the branch's range (low to high) and the engine's mesh, and names a bad mesh (opening Advanced)", () => {
    const form = new CycleForm(def, entry, hb);
    expect([form.pFrom, form.pTo, form.ntst, form.ncol]).toEqual(['0', '3', String(CYCLE_MESH_DEFAULTS.ntst), String(CYCLE_MESH_DEFAULTS.ncol)]);
    expect(form.built.ok).toBe(true);
    expect(form.advanced).toBe(false);
    form.setNtst('0');
    expect(form.issue('ntst')).toBe('must be a whole number from 2 to 2000 (got 0)');
    expect(form.advanced).toBe(true);
    form.setNtst('40');
    form.setPFrom('1');
    expect(form.issue('bounds')).toMatch(/does not contain the Hopf point/);
    expect(form.otherIssues).toEqual([]);
  });
});

describe('CycleStore listeners', () => {
  it('tells every listener of a selected cycle point; a stopped listener hears no more', () => {
    const store = new CycleStore();
    const f = store.add(cycleRequest(), cycleResult());
    const heard: unknown[] = [];
    const stop = store.onSelectPoint((ref) => heard.push(ref));
    store.selectPoint({ familyId: f.id, index: 4, special: 'LPC1' });
    expect(heard).toEqual([{ familyId: f.id, index: 4, special: 'LPC1' }]);
    expect(store.selectedCycle?.point).toBe(f.branch.special[0].point);
    store.selectPoint({ familyId: f.id, index: 4, special: 'PD1' }); // PD1 follows point 6, not 4: ignored
    expect(heard).toHaveLength(1);
    stop();
    store.selectPoint({ familyId: f.id, index: 2 });
    expect(heard).toHaveLength(1);
    expect(store.selectedCycle?.point).toBe(f.branch.points[2]);
  });
});
