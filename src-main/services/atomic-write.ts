/**
 * Crash-safe file replacement, with the file-system calls injectable so tests can make any stage
 * fail. Protocol (see README "Project files"):
 *
 *   1. write the new content to a temporary file in the target's folder (`.<name>.<pid>-<n>.tmp`,
 *      created exclusively), fsync it, close it;
 *   2. with `backup`, if the target exists: copy it to `<name>.bak.tmp`, then rename that over
 *      `<name>.bak`, so the backup is always a complete copy of the previous version;
 *   3. rename the temporary file over the target (atomic on POSIX and NTFS), then fsync the folder
 *      (best effort).
 *
 * Any failure removes the temporary file and leaves the target as it was: the target is always
 * either the complete old file or the complete new one, never a partial write.
 */
import { constants } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface WritableFile {
  write(data: Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The file-system calls the save and read paths use. */
export interface FsOps {
  /** Creates `path` exclusively (fails if it exists). */
  create(path: string): Promise<WritableFile>;
  rename(from: string, to: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** Size of a regular file; rejects (ENOENT, ...) when missing. */
  stat(path: string): Promise<{ size: number; isFile: boolean }>;
  readFile(path: string): Promise<Uint8Array>;
  /** fsync of a folder (best effort; may reject where unsupported). */
  syncDir(path: string): Promise<void>;
  mkdir(path: string): Promise<void>;
}

export const nodeFs: FsOps = {
  async create(path) {
    const h = await fsp.open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
    return {
      async write(data) {
        let off = 0;
        while (off < data.length) {
          const { bytesWritten } = await h.write(data, off, data.length - off);
          off += bytesWritten;
        }
      },
      sync: () => h.sync(),
      close: () => h.close(),
    };
  },
  rename: (from, to) => fsp.rename(from, to),
  copyFile: (from, to) => fsp.copyFile(from, to),
  unlink: (path) => fsp.unlink(path),
  async stat(path) {
    const s = await fsp.stat(path);
    return { size: s.size, isFile: s.isFile() };
  },
  readFile: async (path) => new Uint8Array(await fsp.readFile(path)),
  async syncDir(path) {
    const h = await fsp.open(path, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  },
  mkdir: async (path) => void (await fsp.mkdir(path, { recursive: true })),
};

/** A user-facing reason for a file-system error: "the disk is full", "permission denied", ... */
export function describeFsError(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  switch (code) {
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is exceeded';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'the folder or file does not exist';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'EROFS':
      return 'the disk is read-only';
    case 'EISDIR':
      return 'it is a folder';
    case 'EBUSY':
      return 'the file is in use';
    case 'EIO':
      return 'a disk input/output error occurred';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

const exists = async (fs: FsOps, path: string): Promise<boolean> =>
  fs.stat(path).then(
    () => true,
    () => false,
  );

let counter = 0;

export type WriteOutcome = { ok: true; bytes: number } | { ok: false; stage: 'write' | 'sync' | 'backup' | 'rename'; error: string };

/** Replaces `path` with `data` following the protocol above. Never throws. */
export async function writeFileAtomic(
  path: string,
  data: Uint8Array,
  options: { backup?: boolean; fs?: FsOps } = {},
): Promise<WriteOutcome> {
  const fs = options.fs ?? nodeFs;
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}-${++counter}.tmp`);
  let stage: 'write' | 'sync' | 'backup' | 'rename' = 'write';
  let created = false;
  try {
    const file = await fs.create(tmp);
    created = true;
    try {
      await file.write(data);
      stage = 'sync';
      await file.sync();
    } finally {
      await file.close().catch(() => undefined);
    }
    if (options.backup && (await exists(fs, path))) {
      stage = 'backup';
      const bak = `${path}.bak`;
      const bakTmp = `${bak}.tmp`;
      await fs.unlink(bakTmp).catch(() => undefined);
      await fs.copyFile(path, bakTmp);
      await fs.rename(bakTmp, bak);
    }
    stage = 'rename';
    await fs.rename(tmp, path);
    created = false;
    await fs.syncDir(dir).catch(() => undefined);
    return { ok: true, bytes: data.length };
  } catch (e) {
    if (created) await fs.unlink(tmp).catch(() => undefined);
    if (stage === 'backup') await fs.unlink(`${path}.bak.tmp`).catch(() => undefined);
    return { ok: false, stage, error: describeFsError(e) };
  }
}
