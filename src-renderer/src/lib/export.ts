/**
 * Saving an export (CSV text or PNG bytes) through main's save dialog (window.api.exportFile).
 */
import type { ExportRequest } from '@shared/api';

/**
 * Makes the file's content with `make` and offers it under `suggestedName`. Resolves to null when
 * saved (or the dialog was cancelled), else to the message to show: "CSV export failed: …" or
 * "PNG export failed: …" (a throw from `make` or a refusal from main). Never rejects.
 */
export async function saveExport(
  kind: ExportRequest['kind'],
  suggestedName: string,
  make: () => ExportRequest['data'] | Promise<ExportRequest['data']>,
): Promise<string | null> {
  const failed = `${kind.toUpperCase()} export failed`;
  try {
    const res = await window.api.exportFile({ suggestedName, kind, data: await make() });
    return res.ok ? null : `${failed}: ${res.error.message}`;
  } catch (e) {
    return `${failed}: ${e instanceof Error ? e.message : String(e)}`;
  }
}
