/**
 * The two-parameter analysis: the curve form opened on an LP or HB point, the curve job (progress,
 * cancel, the curve growing while traced), the traced curves (./curves.svelte.ts), which diagram
 * the bifurcation pane shows (one parameter or two), the two-parameter view's plane and zoom, and
 * "set here": a click in the plane puts both parameters into the simulation form, with Undo.
 */
import type { SpecialPoint } from '@shared/continuation/types';
import type { ModelDef } from '@shared/models/types';
import { curveName, curvePairs, type Axes } from '../lib/curve-plane';
import { formatExact, formatValue } from '../lib/format';
import type { BranchEntry } from './branches.svelte';
import { CurveForm } from './curve-form.svelte';
import { CurveStore } from './curves.svelte';
import type { SimulationForm } from './form.svelte';
import { jobRunner } from './job.svelte';

export type DiagramKind = 'oneParam' | 'twoParam';
type Zoom = { x: [number, number]; y: [number, number] };

export interface CurveHost {
  /** The definition a branch was traced with. */
  defOf(entry: BranchEntry): ModelDef | undefined;
  /** The simulation form of the selected model. */
  form(): SimulationForm | undefined;
  /** Shows what a finished curve job gave (the status bar's outcome). */
  outcome(text: string): void;
}

/** What "set here" changed: each field's text before, for Undo. */
interface SetNote {
  text: string;
  form: SimulationForm;
  before: { name: string; input: boolean; text: string }[];
}

export class CurveAnalysis {
  readonly store = new CurveStore();
  readonly #host: CurveHost;
  #form = $state<CurveForm | null>(null);
  #diagram = $state<DiagramKind>('oneParam');
  #axes = $state.raw<Axes | null>(null);
  #range = $state.raw<Zoom | null>(null);
  #error = $state<string | null>(null);
  #note = $state.raw<SetNote | null>(null);
  /** The Q chosen last, offered first next time. */
  #lastQ: string | undefined;

  readonly job = jobRunner('curve', {
    partial: (_request, curve) => this.store.setPartial(curve),
    finished: (request, result) => {
      this.store.setPartial(null);
      if (result.curve && result.curve.points.length > 0) {
        this.store.add(request, result, result.curve);
        const special = result.curve.special.map((s) => s.label).join(', ');
        const what = curveName(result.curve);
        this.#host.outcome(
          `${what}: ${result.stats.points.toLocaleString('en')} points${special ? `; ${special}` : ''}${result.status === 'cancelled' ? ' (cancelled)' : ''}`,
        );
        if (result.status !== 'ok') this.#error = result.message;
      } else {
        this.#error = result.message;
        this.#host.outcome(result.status === 'cancelled' ? 'Curve cancelled' : 'No curve traced');
      }
    },
    failed: (_request, error) => {
      this.store.setPartial(null);
      const issues = error.issues ?? [];
      this.#error = issues.length > 0 ? `${error.message} (${issues.map((i) => `${i.field}: ${i.message}`).join('; ')})` : error.message;
    },
  });

  constructor(host: CurveHost) {
    this.#host = host;
  }

  /** The open "Continue curve" form, or null. */
  get form(): CurveForm | null {
    return this.#form;
  }
  /** Opens the form on an LP (fold curve) or HB (Hopf curve) of `entry`; other points are ignored. */
  open(entry: BranchEntry, special: SpecialPoint): void {
    if (special.type !== 'LP' && special.type !== 'HB') return;
    const def = this.#host.defOf(entry);
    if (!def) return;
    this.#form = new CurveForm(def, entry, special, this.#lastQ);
    this.#error = null;
  }
  close(): void {
    this.#form = null;
  }

  /** Starts the open form's curve; with a field at fault, says so there and starts nothing. */
  start(): void {
    const form = this.#form;
    if (!form || this.job.busy) return;
    const built = form.built;
    if (!built.ok) return;
    this.#lastQ = form.q;
    this.#form = null;
    this.#error = null;
    this.#host.outcome('');
    this.#diagram = 'twoParam';
    const pair = built.request.params;
    if (!this.#axes || (this.#axes[0] !== pair[0] && this.#axes[0] !== pair[1]) || (this.#axes[1] !== pair[0] && this.#axes[1] !== pair[1])) {
      this.#axes = [pair[0], pair[1]];
      this.#range = null;
    }
    void this.job.run($state.snapshot(built.request) as typeof built.request);
  }
  cancel(): void {
    this.job.cancel();
  }

  get error(): string | null {
    return this.#error;
  }
  dismissError(): void {
    this.#error = null;
  }

  get diagram(): DiagramKind {
    return this.#diagram;
  }
  setDiagram(kind: DiagramKind): void {
    this.#diagram = kind;
  }

  /** The parameter pairs of the curves (and of the curve being traced). */
  get pairs(): Axes[] {
    return this.#pairs;
  }
  #pairs = $derived.by(() => {
    const curves = this.store.all.map((c) => c.curve);
    const partial = this.store.partial;
    return curvePairs(partial ? [...curves, partial] : curves);
  });
  /** The plane shown: the one chosen, else the first pair of the curves, else null. */
  get axes(): Axes | null {
    const chosen = this.#axes;
    if (chosen && this.#pairs.some((a) => (a[0] === chosen[0] && a[1] === chosen[1]) || (a[0] === chosen[1] && a[1] === chosen[0]))) return chosen;
    return this.#pairs[0] ?? chosen;
  }
  setAxes(axes: Axes): void {
    this.#axes = [axes[0], axes[1]];
    this.#range = null;
  }
  /** The zoom of the two-parameter view, or null. */
  get range(): Zoom | null {
    return this.#range;
  }
  setRange(r: Zoom | null): void {
    const old = this.#range;
    const same = (a: [number, number], b: [number, number]) => a[0] === b[0] && a[1] === b[1];
    if (r === old || (r !== null && old !== null && same(r.x, old.x) && same(r.y, old.y))) return;
    this.#range = r === null ? null : { x: [r.x[0], r.x[1]], y: [r.y[0], r.y[1]] };
  }

  /**
   * Puts x into the simulation form's first axis parameter and y into the second (an input's
   * baseline for an input), remembering the texts before for Undo. Says why not when the selected
   * model lacks either.
   */
  setHere(axes: Axes, x: number, y: number): void {
    const form = this.#host.form();
    if (!form) return;
    const before: SetNote['before'] = [];
    const parts: string[] = [];
    for (const [name, v] of [
      [axes[0], x],
      [axes[1], y],
    ] as const) {
      const input = form.def.inputs.some((i) => i.name === name);
      if (!input && !form.def.params.some((p) => p.name === name)) {
        this.#error = `The model ${form.def.name} has no parameter or input '${name}'; select the model these curves belong to.`;
        return;
      }
      before.push({ name, input, text: input ? form.drafts.inputs[name].baseline : form.drafts.params[name] });
      parts.push(`${name} = ${formatValue(v, 6)}`);
    }
    for (const b of before) {
      const v = b.name === axes[0] ? x : y;
      if (b.input) form.setBaseline(b.name, formatExact(v));
      else form.setParam(b.name, formatExact(v));
    }
    this.#note = { text: `Set ${parts.join(', ')} in the parameters`, form, before };
  }
  /** What the last "set here" did (shown with Undo), or null. */
  get note(): string | null {
    return this.#note?.text ?? null;
  }
  undoSet(): void {
    const n = this.#note;
    if (!n) return;
    for (const b of n.before) {
      if (b.input) n.form.setBaseline(b.name, b.text);
      else n.form.setParam(b.name, b.text);
    }
    this.#note = null;
  }
  dismissNote(): void {
    this.#note = null;
  }

  /** Replaces curves and the view's curve state (opening a project). */
  restore(curves: Parameters<CurveStore['restore']>[0], view: { diagram: DiagramKind; curveRange: Zoom | null; selectedCurve: number | null }): void {
    this.store.restore(curves, view.selectedCurve);
    this.#diagram = view.diagram;
    this.#range = view.curveRange ? { x: [...view.curveRange.x], y: [...view.curveRange.y] } : null;
    this.#axes = null;
    const sel = this.store.selected;
    if (sel && view.curveRange) this.#axes = [sel.curve.params[0], sel.curve.params[1]];
    this.#form = null;
    this.#error = null;
    this.#note = null;
  }
}
