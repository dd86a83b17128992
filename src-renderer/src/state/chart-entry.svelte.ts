/**
 * What a run and a branch share as entries of a chart: an id, the request and result they came
 * from (raw, never deep-proxied), a palette colour and whether the entry is shown. The run list and
 * the branch list both act on these (see RunList, BranchList).
 */
import { PALETTE } from '../lib/palette';

export class ChartEntry<Request, Result> {
  readonly id: number;
  readonly request: Request;
  readonly result: Result;
  #color = $state(0);
  #visible = $state(true);

  /** `color` is a palette index (see lib/palette.ts), taken modulo the palette's length. */
  constructor(id: number, request: Request, result: Result, color: number, visible = true) {
    this.id = id;
    this.request = request;
    this.result = result;
    this.#color = ((color % PALETTE.length) + PALETTE.length) % PALETTE.length;
    this.#visible = visible;
  }

  get color(): number {
    return this.#color;
  }
  get visible(): boolean {
    return this.#visible;
  }
  toggle(): void {
    this.#visible = !this.#visible;
  }
  /** Moves to the next palette colour. */
  cycleColor(): void {
    this.#color = (this.#color + 1) % PALETTE.length;
  }
}
