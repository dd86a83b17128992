/**
 * The crash-recovery copy of an unsaved project, one per user-data folder: the file
 * `recovery.mfrecovery`, written atomically (./atomic-write.ts, no backup). Its first
 * line is a JSON header { "document": { "path", "name" }, "savedAt": <ms since epoch> }, the rest
 * is the project's `.mfproj` text. A missing, unreadable or corrupt copy reads as null (there is
 * nothing to offer); whether the project inside is valid is checked when it is restored.
 */
import { join } from 'node:path';
import type { DocumentInfo } from '@shared/api';
import { MAX_PROJECT_BYTES } from '@shared/project/types';
import { nodeFs, writeFileAtomic, type FsOps } from './atomic-write';

export const RECOVERY_FILE = 'recovery.mfrecovery';

export interface RecoveryCopy {
  text: string;
  document: DocumentInfo;
  savedAt: number;
}

export interface RecoveryStore {
  /** Writes (replaces) the copy; rejects with a message when the disk refuses. */
  write(text: string, document: DocumentInfo): Promise<void>;
  read(): Promise<RecoveryCopy | null>;
  /** Removes the copy (a clean exit or a save); no error when there is none. */
  clear(): Promise<void>;
}

function readHeader(line: string): { document: DocumentInfo; savedAt: number } | null {
  try {
    const h = JSON.parse(line) as { document?: { path?: unknown; name?: unknown }; savedAt?: unknown };
    const d = h?.document;
    if (!d || typeof d.name !== 'string' || !(d.path === null || typeof d.path === 'string')) return null;
    if (typeof h.savedAt !== 'number' || !Number.isFinite(h.savedAt)) return null;
    return { document: { path: d.path, name: d.name }, savedAt: h.savedAt };
  } catch {
    return null;
  }
}

/** The recovery copy kept in `folder` (created when first written). `now` is injectable for tests. */
export function recoveryStore(folder: string, fs: FsOps = nodeFs, now: () => number = Date.now): RecoveryStore {
  const file = join(folder, RECOVERY_FILE);
  return {
    async write(text, document) {
      const header = JSON.stringify({ document: { path: document.path, name: document.name }, savedAt: now() });
      await fs.mkdir(folder).catch(() => undefined);
      const w = await writeFileAtomic(file, new TextEncoder().encode(`${header}\n${text}`), { fs });
      if (!w.ok) throw new Error(`Could not write the recovery copy: ${w.error}`);
    },
    async read() {
      try {
        const st = await fs.stat(file);
        if (!st.isFile || st.size > MAX_PROJECT_BYTES + 64 * 1024) return null;
        const all = new TextDecoder('utf-8', { fatal: true }).decode(await fs.readFile(file));
        const nl = all.indexOf('\n');
        if (nl < 0) return null;
        const header = readHeader(all.slice(0, nl));
        return header ? { ...header, text: all.slice(nl + 1) } : null;
      } catch {
        return null;
      }
    },
    async clear() {
      await fs.unlink(file).catch(() => undefined);
    },
  };
}
