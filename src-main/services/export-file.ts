/**
 * Exports (CSV text, PNG images) written to a path the user chose: argument checks for data that
 * arrives over IPC, a safe file name to suggest, and an atomic write (temporary file in the same
 * directory, then rename), so a failed export never leaves a half-written file behind.
 */
import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import type { ApiError, ExportRequest } from '@shared/api';

/** Largest export accepted, in bytes (or UTF-16 code units for CSV text): 512 MiB. */
export const MAX_EXPORT_BYTES = 512 * 1024 * 1024;
/** Longest suggested file name accepted. */
export const MAX_NAME_LENGTH = 255;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Asks the user where to save; null when they cancel. */
export type SavePathChooser = (suggestedName: string, kind: ExportRequest['kind']) => Promise<string | null>;

/**
 * A file name safe to offer in a save dialog: no directories, no control or reserved characters,
 * and the extension of `kind` (appended when missing).
 */
export function safeFileName(name: string, kind: ExportRequest['kind']): string {
  let clean = basename(name.replace(/\\/g, '/'))
    // eslint-disable-next-line no-control-regex -- control characters are what this removes
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .trim();
  clean = clean.replace(/^\.+/, '');
  if (clean === '') clean = 'export';
  if (!clean.toLowerCase().endsWith(`.${kind}`)) clean += `.${kind}`;
  return clean;
}

/** The request as an ExportRequest, or what is wrong with it. */
export function checkExportRequest(x: unknown): ExportRequest | ApiError {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) {
    return { message: 'The export request must be an object.', issues: [{ field: 'request', message: 'must be an object' }] };
  }
  const r = x as Record<string, unknown>;
  const bad = (field: string, message: string): ApiError => ({
    message: `Cannot export: ${field} ${message}.`,
    issues: [{ field, message }],
  });
  if (r.kind !== 'csv' && r.kind !== 'png') return bad('kind', "must be 'csv' or 'png'");
  if (typeof r.suggestedName !== 'string') return bad('suggestedName', 'must be a string');
  if (r.suggestedName.length > MAX_NAME_LENGTH) return bad('suggestedName', `must be at most ${MAX_NAME_LENGTH} characters`);
  if (r.kind === 'csv') {
    if (typeof r.data !== 'string') return bad('data', 'must be CSV text for a CSV export');
    if (r.data.length > MAX_EXPORT_BYTES) return bad('data', 'is too large to export (over 512 MiB)');
  } else {
    if (!(r.data instanceof Uint8Array)) return bad('data', 'must be PNG bytes (Uint8Array) for a PNG export');
    const bytes: Uint8Array = r.data;
    if (bytes.length > MAX_EXPORT_BYTES) return bad('data', 'is too large to export (over 512 MiB)');
    if (bytes.length < PNG_SIGNATURE.length || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) {
      return bad('data', 'is not a PNG image');
    }
  }
  return { suggestedName: r.suggestedName, kind: r.kind, data: r.data as string | Uint8Array };
}

/** Writes `data` to `path` atomically (same-directory temporary file, then rename). */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, data, typeof data === 'string' ? { encoding: 'utf8', flag: 'wx' } : { flag: 'wx' });
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

/** Runs an export: checks it, asks for a path, writes. Never throws. */
export async function exportFile(
  x: unknown,
  choose: SavePathChooser | undefined,
): Promise<{ ok: true; value: { saved: boolean; path?: string } } | { ok: false; error: ApiError }> {
  const req = checkExportRequest(x);
  if ('message' in req) return { ok: false, error: req };
  if (choose === undefined) return { ok: false, error: { message: 'Exporting files is not available here.' } };
  let path: string | null;
  try {
    path = await choose(safeFileName(req.suggestedName, req.kind), req.kind);
  } catch (e) {
    return { ok: false, error: { message: `Could not ask where to save: ${(e as Error).message}` } };
  }
  if (path === null || path === '') return { ok: true, value: { saved: false } };
  if (typeof path !== 'string' || !isAbsolute(path)) {
    return { ok: false, error: { message: `Cannot save to '${String(path)}': not an absolute path.` } };
  }
  try {
    await writeFileAtomic(path, req.data);
  } catch (e) {
    return { ok: false, error: { message: `Could not write ${path}: ${(e as Error).message}` } };
  }
  return { ok: true, value: { saved: true, path } };
}
