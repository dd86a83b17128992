/**
 * Project files on disk: saving (atomic, keeping `name.mfproj.bak`, see ./atomic-write.ts) and
 * opening (size checked before reading, UTF-8 checked, then parse/validate/migrate). Failures are
 * data, never exceptions; a failed save leaves the old file and the caller's project untouched (the
 * project is only read).
 */
import { basename } from 'node:path';
import { MAX_PROJECT_BYTES, type ParseOutcome } from '@shared/project/types';
import { describeFsError, nodeFs, writeFileAtomic, type FsOps } from './atomic-write';
import { parseProjectFile } from './project-codec';

export type SaveOutcome = { ok: true; bytes: number } | { ok: false; error: string };

const MIB = 1024 * 1024;

/** Writes `text` to `path` atomically with a `.bak` of the previous version. */
export async function saveProjectText(path: string, text: string, fs: FsOps = nodeFs): Promise<SaveOutcome> {
  const name = basename(path);
  const bytes = new TextEncoder().encode(text);
  if (bytes.length > MAX_PROJECT_BYTES) {
    return {
      ok: false,
      error: `Could not save '${name}': the project is ${(bytes.length / MIB).toFixed(1)} MiB, over the limit of ${MAX_PROJECT_BYTES / MIB} MiB. Remove some runs and save again.`,
    };
  }
  const w = await writeFileAtomic(path, bytes, { backup: true, fs });
  if (w.ok) return { ok: true, bytes: w.bytes };
  return { ok: false, error: `Could not save '${name}': ${w.error}. The file on disk is unchanged.` };
}

export type ReadOutcome = { ok: true; text: string } | { ok: false; error: string };

/** The text of the file at `path`: refused when over MAX_PROJECT_BYTES (checked before reading) or not UTF-8. */
export async function readProjectText(path: string, fs: FsOps = nodeFs): Promise<ReadOutcome> {
  const name = basename(path);
  try {
    const st = await fs.stat(path);
    if (!st.isFile) return { ok: false, error: `Could not open '${name}': it is not a file.` };
    if (st.size > MAX_PROJECT_BYTES) {
      return {
        ok: false,
        error: `Could not open '${name}': it is ${(st.size / MIB).toFixed(1)} MiB, over the limit of ${MAX_PROJECT_BYTES / MIB} MiB for project files.`,
      };
    }
    const bytes = await fs.readFile(path);
    if (bytes.length > MAX_PROJECT_BYTES) {
      return { ok: false, error: `Could not open '${name}': it is over the limit of ${MAX_PROJECT_BYTES / MIB} MiB for project files.` };
    }
    try {
      return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
    } catch {
      return { ok: false, error: `Could not open '${name}': it is not a text (UTF-8) file, so not a MeanField Studio project.` };
    }
  } catch (e) {
    return { ok: false, error: `Could not open '${name}': ${describeFsError(e)}.` };
  }
}

/** Reads, parses, validates and migrates the project at `path`. Never throws. */
export async function openProjectFile(path: string, fs: FsOps = nodeFs): Promise<ParseOutcome> {
  const read = await readProjectText(path, fs);
  if (!read.ok) return { ok: false, errors: [{ path: 'file', message: read.error }] };
  return parseProjectFile(read.text);
}
