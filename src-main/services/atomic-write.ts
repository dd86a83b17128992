/**
 * Crash-safe file replacement, with the file-system calls injectable so tests can make any stage
 * fail. Protocol (see README "Project files"):
 *
 *   0. resolve the target's real path when it exists (a symbolic link is followed: the file it
 *      points to is replaced, the link stays), and note the existing file's permission bits;
 *   1. write the new content to a temporary file next to the real file (`.<name>.<pid>-<n>.tmp`,
 *      created exclusively, given the old file's permission bits), fsync it, close it;
 *   2. with `backup`, if the target exists: hard-link it as `<name>.bak.tmp` (no data copied; where
 *      links are unsupported, copy it and fsync the copy), then rename that over `<name>.bak`, so
 *      the backup is always a complete, durable copy of the previous version;
 *   3. rename the temporary file over the real file (atomic on POSIX and NTFS), then fsync the
 *      folder (best effort).
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
  /**
   * Creates `path` exclusively (fails if it exists), with permission bits `mode` when given (not
   * reduced by the umask), else 0o644 less the umask.
   */
  create(path: string, mode?: number): Promise<WritableFile>;
  rename(from: string, to: string): Promise<void>;
  /** A second name (hard link) `to` for the file `from`; rejects where unsupported. */
  link(from: string, to: string): Promise<void>;
  /** Copies `from` to `to` and fsyncs the copy (the sync best effort where the platform refuses it). */
  copyFile(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** Size, kind and permission bits of a file (links followed); rejects (ENOENT, ...) when missing. */
  stat(path: string): Promise<{ size: number; isFile: boolean; mode?: number }>;
  /** The canonical path of an existing file (symbolic links resolved); rejects when missing. */
  realpath(path: string): Promise<string>;
  readFile(path: string): Promise<Uint8Array>;
  /** fsync of a folder (best effort; may reject where unsupported). */
  syncDir(path: string): Promise<void>;
  mkdir(path: string): Promise<void>;
}

export const nodeFs: FsOps = {
  async create(path, mode) {
    const h = await fsp.open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode === undefined ? 0o644 : 0o600);
    if (mode !== undefined) {
      try {
        await h.chmod(mode & 0o777);
      } catch (e) {
        await h.close().catch(() => undefined);
        throw e;
      }
    }
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
  link: (from, to) => fsp.link(from, to),
  async copyFile(from, to) {
    await fsp.copyFile(from, to);
    // Read-only handle: the copy keeps the source's mode, which may forbid writing. fsync through
    // it works on POSIX; where the platform refuses (Windows), the copy is still complete on return.
    const h = await fsp.open(to, 'r');
    try {
      await h.sync().catch(() => undefined);
    } finally {
      await h.close();
    }
  },
  unlink: (path) => fsp.unlink(path),
  async stat(path) {
    const s = await fsp.stat(path);
    return { size: s.size, isFile: s.isFile(), mode: s.mode & 0o777 };
  },
  realpath: (path) => fsp.realpath(path),
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

let counter = 0;

export type WriteOutcome = { ok: true; bytes: number } | { ok: false; stage: 'write' | 'sync' | 'backup' | 'rename'; error: string };

/**
 * Replaces `path` with `data` following the protocol above; a symbolic link at `path` is followed
 * (the file it points to is replaced). Never throws.
 */
export async function writeFileAtomic(path: string, data: Uint8Array, options: { backup?: boolean; fs?: FsOps } = {}): Promise<WriteOutcome> {
  const fs = options.fs ?? nodeFs;
  let stage: 'write' | 'sync' | 'backup' | 'rename' = 'write';
  let created = false;
  let tmp = '';
  let target = path;
  try {
    const old = await fs.stat(path).catch(() => null);
    if (old) target = await fs.realpath(path);
    const dir = dirname(target);
    tmp = join(dir, `.${basename(target)}.${process.pid}-${++counter}.tmp`);
    const file = await fs.create(tmp, old?.mode);
    created = true;
    try {
      await file.write(data);
      stage = 'sync';
      await file.sync();
    } finally {
      await file.close().catch(() => undefined);
    }
    if (options.backup && old) {
      stage = 'backup';
      const bak = `${target}.bak`;
      const bakTmp = `${bak}.tmp`;
      await fs.unlink(bakTmp).catch(() => undefined);
      const linked = await fs.link(target, bakTmp).then(
        () => true,
        () => false,
      );
      if (!linked) await fs.copyFile(target, bakTmp);
      await fs.rename(bakTmp, bak);
    }
    stage = 'rename';
    await fs.rename(tmp, target);
    created = false;
    await fs.syncDir(dir).catch(() => undefined);
    return { ok: true, bytes: data.length };
  } catch (e) {
    if (created) await fs.unlink(tmp).catch(() => undefined);
    if (stage === 'backup') await fs.unlink(`${target}.bak.tmp`).catch(() => undefined);
    return { ok: false, stage, error: describeFsError(e) };
  }
}
