/**
 * The main process's log file (plain Node, no Electron): errors nobody caught, worker crashes and
 * warnings, appended to `<dir>/main.log` so a user can send it with a bug report (Help > Open Logs
 * Folder). Writes are synchronous, so an entry written just before the process dies is on disk.
 *
 * Size cap: when an entry would take the file past `maxBytes`, it is renamed to main.log.1 (older
 * copies shift to .2 ... up to `keep`, the oldest is deleted) and a new file begins. One entry is
 * cut to a quarter of `maxBytes`, so the folder never holds more than (keep + 1) * maxBytes.
 * Logging never throws: a log that cannot be written is given up silently (the console still shows
 * everything).
 */
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type LogLevel = 'error' | 'warn' | 'info';

export interface LogFileOptions {
  /** Folder of the log (created when missing), e.g. `<userData>/logs`. */
  dir: string;
  /** File name (default main.log). */
  name?: string;
  /** Largest size of one file in bytes (default 1 MiB). */
  maxBytes?: number;
  /** Rotated copies kept (default 3). */
  keep?: number;
  /** Clock for the time stamps (tests). */
  now?: () => Date;
}

/** Longest text kept from one error's stack or message. */
const MAX_DETAIL_CHARS = 16_000;

/** `e` as log text: an Error's stack (or name and message), anything else as a string. */
export function describeError(e: unknown): string {
  let text: string;
  if (e instanceof Error) text = e.stack ?? `${e.name}: ${e.message}`;
  else if (typeof e === 'string') text = e;
  else {
    try {
      text = JSON.stringify(e) ?? String(e);
    } catch {
      text = Object.prototype.toString.call(e);
    }
  }
  return text.length > MAX_DETAIL_CHARS ? `${text.slice(0, MAX_DETAIL_CHARS)}… (cut)` : text;
}

export class LogFile {
  readonly dir: string;
  readonly path: string;
  readonly #maxBytes: number;
  readonly #keep: number;
  readonly #now: () => Date;
  /** Bytes in the current file, or -1 before the first write looked. */
  #size = -1;
  #broken = false;

  constructor(options: LogFileOptions) {
    this.dir = options.dir;
    this.path = join(options.dir, options.name ?? 'main.log');
    this.#maxBytes = Math.max(1024, Math.floor(options.maxBytes ?? 1024 * 1024));
    this.#keep = Math.max(0, Math.floor(options.keep ?? 3));
    this.#now = options.now ?? (() => new Date());
  }

  /** Appends one entry: `<ISO time> <LEVEL> <message>` and the detail (an error's stack) below it. */
  write(level: LogLevel, message: string, detail?: unknown): void {
    if (this.#broken) return;
    let entry = `${this.#now().toISOString()} ${level.toUpperCase()} ${message}`;
    if (detail !== undefined) entry += `\n${describeError(detail).replace(/^/gm, '    ')}`;
    entry += '\n';
    const cap = Math.floor(this.#maxBytes / 4);
    let bytes = Buffer.byteLength(entry);
    if (bytes > cap) {
      entry = `${Buffer.from(entry)
        .subarray(0, cap - 32)
        .toString('utf8')}… (entry cut)\n`;
      bytes = Buffer.byteLength(entry);
    }
    try {
      if (this.#size < 0) {
        mkdirSync(this.dir, { recursive: true });
        this.#size = fileSize(this.path);
      }
      if (this.#size > 0 && this.#size + bytes > this.#maxBytes) this.#rotate();
      appendFileSync(this.path, entry, { encoding: 'utf8', mode: 0o600 });
      this.#size += bytes;
    } catch {
      this.#broken = true;
    }
  }

  /** main.log -> main.log.1 -> ... -> main.log.<keep> (dropped beyond). */
  #rotate(): void {
    if (this.#keep === 0) rmSync(this.path, { force: true });
    else {
      rmSync(`${this.path}.${this.#keep}`, { force: true });
      for (let i = this.#keep - 1; i >= 1; i--) {
        if (fileSize(`${this.path}.${i}`) >= 0) renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
      }
      renameSync(this.path, `${this.path}.1`);
    }
    this.#size = 0;
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return -1;
  }
}

/** What installCrashLogging hooks into (the real `process` and `console` in the app). */
export interface LoggedProcess {
  on(event: 'uncaughtException', listener: (e: unknown) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

export interface LoggedConsole {
  error(...args: unknown[]): void;
  warn(...args: unknown[]): void;
}

/**
 * Sends every uncaught exception and unhandled rejection of `proc` to `log` (and the console), and
 * copies what main writes with console.error / console.warn into the log too. The process keeps
 * running after an uncaught exception: the app stays usable and the error is on file.
 */
export function installCrashLogging(log: LogFile, proc: LoggedProcess = process, con: LoggedConsole = console): void {
  const error = con.error.bind(con);
  const warn = con.warn.bind(con);
  const text = (args: unknown[]) => args.map((a) => (typeof a === 'string' ? a : describeError(a))).join(' ');
  con.error = (...args: unknown[]) => {
    error(...args);
    log.write('error', text(args));
  };
  con.warn = (...args: unknown[]) => {
    warn(...args);
    log.write('warn', text(args));
  };
  proc.on('uncaughtException', (e) => {
    error('Uncaught exception in the main process:', e);
    log.write('error', 'Uncaught exception in the main process', e);
  });
  proc.on('unhandledRejection', (reason) => {
    error('Unhandled rejection in the main process:', reason);
    log.write('error', 'Unhandled rejection in the main process', reason);
  });
}
