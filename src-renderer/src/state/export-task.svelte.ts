/**
 * A view's export in progress (CSV or PNG): while `busy`, the view's export buttons are disabled;
 * a failure is handed to `report` (the status bar), so it is shown where the user acted.
 */
export class ExportTask {
  #busy = $state(false);
  readonly #report: (message: string) => void;

  constructor(report: (message: string) => void) {
    this.#report = report;
  }

  get busy(): boolean {
    return this.#busy;
  }

  /** Runs `save` (which resolves to null or an error message, see lib/export.ts). */
  async run(save: () => Promise<string | null>): Promise<void> {
    this.#busy = true;
    try {
      const error = await save();
      if (error) this.#report(error);
    } finally {
      this.#busy = false;
    }
  }
}
