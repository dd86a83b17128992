/**
 * The traced two-parameter curves: each keeps its request, its result (raw, never deep-proxied), a
 * palette colour and whether it is shown; the list (selection, the curve being traced, Undo of a
 * delete) is the shared EntryStore.
 */
import type { Curve, CurveRequest, CurveResult } from '@shared/curves/types';
import { curveName } from '../lib/curve-plane';
import { ChartEntry } from './chart-entry.svelte';
import { EntryStore } from './entry-store.svelte';

export class CurveEntry extends ChartEntry<CurveRequest, CurveResult> {
  readonly curve: Curve;

  constructor(id: number, request: CurveRequest, result: CurveResult, curve: Curve, color: number, visible = true) {
    super(id, request, result, color, visible);
    this.curve = curve;
  }

  /** "Hopf curve from HB1 in (g, eta)", with " (cancelled)" when the trace was stopped. */
  get label(): string {
    return `${curveName(this.curve)}${this.result.status === 'cancelled' ? ' (cancelled)' : ''}`;
  }
}

export class CurveStore extends EntryStore<CurveEntry, Curve> {
  add(request: CurveRequest, result: CurveResult, curve: Curve): CurveEntry {
    return this.append((id, color) => new CurveEntry(id, request, result, curve, color));
  }

  /** Replaces every curve (opening a project); entries without a curve are skipped. */
  restore(entries: { id: number; color: number; visible: boolean; request: CurveRequest; result: CurveResult }[], selected: number | null): void {
    const kept = entries.filter((e) => e.result.curve !== null);
    this.replaceAll(
      kept.map((e) => new CurveEntry(e.id, e.request, e.result, e.result.curve!, e.color, e.visible)),
      selected,
    );
  }
}
