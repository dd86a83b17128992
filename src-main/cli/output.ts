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
 * Output is streamed in chunks with back-pressure.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { access, chmod, constants, lstat, readlink, realpath, rename, stat, unlink } from 'node:fs/promises';
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
async function target(path: string): Promise<Target> {
  const abs = resolve(path);
  const fd = standardStream(abs);
  if (fd !== null) return { kind: 'stream', fd };
  const st = await stat(abs).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
  if (st === null) {
    // Missing, or a link to a missing file: a link is written through (creating its target).
    const link = await lstat(abs).catch(() => null);
    return link?.isSymbolicLink() ? { kind: 'direct', path: abs } : { kind: 'replace', path: abs };
  }
  if (!st.isFile()) return { kind: 'direct', path: abs };
  return { kind: 'replace', path: await realpath(abs), mode: st.mode & 0o7777 };
}

/**
 * Checks before any work that `--out path` can be written (a UsageError naming the option if not):
 * the folder of a file to be replaced or created, or the path itself when it is written directly.
 */
export async function checkOut(path: string | undefined): Promise<void> {
  if (path === undefined) return;
  try {
    const t = await target(path);
    if (t.kind === 'stream') return;
    if (t.kind === 'direct') {
      // A FIFO, device or link to a missing file: the path itself (or the link's folder) must take writes.
      await access(t.path, constants.W_OK).catch(async (e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
        await access(dirname(await realpathOfLink(t.path)), constants.W_OK);
      });
    } else {
      await access(dirname(t.path), constants.W_OK);
    }
  } catch (e) {
    throw new UsageError(`--out ${path}: cannot write there (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** Where a link to a missing file points (resolved against the link's folder). */
async function realpathOfLink(path: string): Promise<string> {
  return resolve(dirname(path), await readlink(path));
}

async function finish(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}

let counter = 0;

/** Writes `chunks` to `path` as described in the file comment; rejects on the first failure. */
async function writeOut(path: string, io: StandardStreams, chunks: Iterable<string>): Promise<void> {
  const t = await target(path);
  if (t.kind === 'stream') return writeChunks(t.fd === 1 ? io.stdout : io.stderr, chunks);
  if (t.kind === 'direct') {
    const stream = createWriteStream(t.path, { flags: 'w' });
    try {
      await once(stream, 'open');
      await writeChunks(stream, chunks);
      await finish(stream);
    } catch (e) {
      stream.destroy();
      throw e;
    }
    return;
  }
  const tmp = join(dirname(t.path), `.${basename(t.path)}.${process.pid}-${++counter}.tmp`);
  const stream = createWriteStream(tmp, { flags: 'wx', mode: 0o666 });
  try {
    await once(stream, 'open');
    if (t.mode !== undefined) await chmod(tmp, t.mode);
    await writeChunks(stream, chunks);
    await finish(stream);
    await rename(tmp, t.path);
  } catch (e) {
    stream.destroy();
    await unlink(tmp).catch(() => undefined);
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
