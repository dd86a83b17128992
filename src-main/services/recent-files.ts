/**
 * The Open Recent list: at most 10 absolute paths, newest first, no duplicates, persisted as
 * `recent-files.json` ({ "version": 1, "files": [...] }) in a given folder and written atomically.
 * Files that no longer exist are pruned when the list is read. A missing or corrupt list reads as
 * empty (and is replaced on the next add); a failed write is reported, never thrown past `add`.
 */
import { join, resolve } from 'node:path';
import { nodeFs, writeFileAtomic, type FsOps } from './atomic-write';

export const RECENT_FILE = 'recent-files.json';
export const MAX_RECENT = 10;
/** Longest path kept (longer entries in a hand-edited list are dropped). */
const MAX_PATH = 4096;

export interface RecentFiles {
  /** Existing files, newest first (missing ones pruned, and the pruned list saved). */
  list(): Promise<string[]>;
  /** Puts `path` first (moving it if listed); returns the new list. */
  add(path: string): Promise<string[]>;
  remove(path: string): Promise<string[]>;
  clear(): Promise<void>;
}

export function recentFiles(folder: string, fs: FsOps = nodeFs, max = MAX_RECENT): RecentFiles {
  const file = join(folder, RECENT_FILE);

  async function load(): Promise<string[]> {
    try {
      const st = await fs.stat(file);
      if (!st.isFile || st.size > 1024 * 1024) return [];
      const data = JSON.parse(new TextDecoder().decode(await fs.readFile(file))) as { files?: unknown };
      if (!Array.isArray(data?.files)) return [];
      const out: string[] = [];
      for (const f of data.files) {
        if (typeof f === 'string' && f.length > 0 && f.length <= MAX_PATH && !out.includes(f)) out.push(f);
      }
      return out.slice(0, max);
    } catch {
      return [];
    }
  }

  async function store(files: string[]): Promise<void> {
    await fs.mkdir(folder).catch(() => undefined);
    await writeFileAtomic(file, new TextEncoder().encode(JSON.stringify({ version: 1, files }, null, 1) + '\n'), { fs });
  }

  const isFile = (p: string) =>
    fs.stat(p).then(
      (s) => s.isFile,
      () => false,
    );

  return {
    async list() {
      const files = await load();
      const kept: string[] = [];
      for (const f of files) if (await isFile(f)) kept.push(f);
      if (kept.length !== files.length) await store(kept);
      return kept;
    },
    async add(path) {
      const p = resolve(path);
      const files = [p, ...(await load()).filter((f) => f !== p)].slice(0, max);
      await store(files);
      return files;
    },
    async remove(path) {
      const p = resolve(path);
      const files = (await load()).filter((f) => f !== p);
      await store(files);
      return files;
    },
    async clear() {
      await store([]);
    },
  };
}
