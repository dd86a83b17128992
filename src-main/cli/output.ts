/**
 * Where the CLI's output goes: standard output, or `--out PATH`.
 *
 * `--out` never replaces anything that is not a regular file:
 * - a regular file (or a new path) is written atomically: a temporary file next to it, then a
 *   rename over it, so a reader sees the complete old or the complete new file (the old file's
 *   permission bits are kept);
 * - a symbolic link is followed: the file it points to is replaced the same way and the link stays
 *   (as project saves do, ../services/atomic-write.ts); a link to a missing file creates that file;
 * - anything else (a FIFO, a terminal, /dev/null, a shell's `>(cmd)`) is opened and written to
 *   directly, as a shell's `>` would; /dev/stdout and /dev/stderr are the process's own streams.
 * Output is written in chunks: to a file with synchronous writes of up to WRITE_BYTES at a time (a
 * command has nothing else to do meanwhile, and each asynchronous file call would wait for a turn
 * of the event loop: after a short trace, several of them in a row cost more than the writing);
 * to standard output through the stream, with back-pressure.
 */
import { once } from 'node:events';
import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  lstatSync,
  openSync,
  readlinkSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { UsageError } from './args';

/** Writes `chunks` to `stream`, honouring back-pressure; rejects on the stream's first error. */
export async function writeChunks(stream: Writable, chunks: Iterable<string>): Promise<void> {
  let failure: Error | null = null;
  const onError = (e: Error) => {
    failure = e;
  };
  stream.on('error', onError);
  try {
    for (const chunk of chunks) {
      if (failure !== null) throw failure;
      if (!stream.write(chunk)) await once(stream, 'drain');
    }
    if (failure !== null) throw failure;
  } finally {
    stream.off('error', onError);
  }
}

type Target = { kind: 'replace'; path: string; mode?: number } | { kind: 'direct'; path: string } | { kind: 'stream'; fd: 1 | 2 };

/**
 * /dev/stdout and /dev/stderr (and /dev/fd/1, /dev/fd/2) are the process's own output streams,
 * written through them as a shell's `>` dups them: reopening them by name fails where they are
 * sockets (ENXIO).
 */
function standardStream(abs: string): 1 | 2 | null {
  const m = /^\/(?:dev\/fd|proc\/self\/fd)\/([12])$/.exec(abs);
  if (m !== null) return m[1] === '1' ? 1 : 2;
  return abs === '/dev/stdout' ? 1 : abs === '/dev/stderr' ? 2 : null;
}

/** How `--out path` is written (see the file comment). */
function target(path: string): Target {
  const abs = resolve(path);
  const fd = standardStream(abs);
  if (fd !== null) return { kind: 'stream', fd };
  const st = statSync(abs, { throwIfNoEntry: false });
  if (st === undefined) {
    // Missing, or a link to a missing file: a link is written through (creating its target).
    return linkAt(abs) ? { kind: 'direct', path: abs } : { kind: 'replace', path: abs };
  }
  if (!st.isFile()) return { kind: 'direct', path: abs };
  // The system's realpath: one call (Node's own walks the path a component at a time).
  return { kind: 'replace', path: realpathSync.native(abs), mode: st.mode & 0o7777 };
}

/** Whether `path` is a symbolic link (false when it cannot be read). */
function linkAt(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Checks before any work that `--out path` can be written (a UsageError naming the option if not):
 * the folder of a file to be replaced or created, or the path itself when it is written directly.
 */
export function checkOut(path: string | undefined): void {
  if (path === undefined) return;
  try {
    const t = target(path);
    if (t.kind === 'stream') return;
    if (t.kind === 'direct') {
      // A FIFO, device or link to a missing file: the path itself (or the link's folder) must take writes.
      try {
        accessSync(t.path, constants.W_OK);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        accessSync(dirname(realpathOfLink(t.path)), constants.W_OK);
      }
    } else {
      accessSync(dirname(t.path), constants.W_OK);
    }
  } catch (e) {
    throw new UsageError(`--out ${path}: cannot write there (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** Where a link to a missing file points (resolved against the link's folder). */
function realpathOfLink(path: string): string {
  return resolve(dirname(path), readlinkSync(path));
}

/** Characters gathered before one write to a file. */
const WRITE_BYTES = 1 << 16;

/** Writes all of `text` to the open file `fd` (a write to a pipe may take part of it). */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
}

/** Writes `chunks` to the open file `fd`, WRITE_BYTES characters or more at a time (a chunk that long on its own, without copying it). */
function writeFileChunks(fd: number, chunks: Iterable<string>): void {
  let pending: string[] = [];
  let size = 0;
  for (const chunk of chunks) {
    if (chunk.length >= WRITE_BYTES) {
      if (size > 0) writeAll(fd, pending.join(''));
      writeAll(fd, chunk);
      pending = [];
      size = 0;
      continue;
    }
    pending.push(chunk);
    size += chunk.length;
    if (size >= WRITE_BYTES) {
      writeAll(fd, pending.join(''));
      pending = [];
      size = 0;
    }
  }
  if (size > 0) writeAll(fd, pending.join(''));
}

let counter = 0;

/** Writes `chunks` to `path` as described in the file comment; rejects on the first failure. */
async function writeOut(path: string, io: StandardStreams, chunks: Iterable<string>): Promise<void> {
  const t = target(path);
  if (t.kind === 'stream') return writeChunks(t.fd === 1 ? io.stdout : io.stderr, chunks);
  if (t.kind === 'direct') {
    const fd = openSync(t.path, 'w');
    try {
      writeFileChunks(fd, chunks);
    } finally {
      closeSync(fd);
    }
    return;
  }
  const tmp = join(dirname(t.path), `.${basename(t.path)}.${process.pid}-${++counter}.tmp`);
  const fd = openSync(tmp, 'wx', 0o666);
  try {
    try {
      if (t.mode !== undefined) chmodSync(tmp, t.mode);
      writeFileChunks(fd, chunks);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, t.path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // Already gone.
    }
    throw e;
  }
}

export interface StandardStreams {
  stdout: Writable;
  stderr: Writable;
}

/** `chunks` to `--out path` when given, else to standard output. */
export async function writeOutput(out: string | undefined, io: StandardStreams, chunks: Iterable<string>): Promise<void> {
  if (out !== undefined) await writeOut(out, io, chunks);
  else await writeChunks(io.stdout, chunks);
}

/** Writes the output; false (with the reason on stderr) when it cannot. A reader gone away (`| head`) is fine. */
export async function emit(out: string | undefined, io: StandardStreams, chunks: Iterable<string>): Promise<boolean> {
  try {
    await writeOutput(out, io, chunks);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EPIPE') return true;
    io.stderr.write(`meanfield: cannot write the output${out !== undefined ? ` to ${out}` : ''}: ${(e as Error).message}\n`);
    return false;
  }
}
