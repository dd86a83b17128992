/**
 * The files a PyRates model file may refer to, read from disk with limits. PyRates resolves a
 * dotted reference such as `model_templates.base_templates.alpha_op` against its module path; here
 * the referenced path (`model_templates/base_templates.yaml`) is looked up under the model file's
 * folder, then under each of its ancestors in turn. A read is refused unless the path is relative
 * and plain (no `..`, no `.` segments, no backslashes), names a .yaml or .yml file, and the file
 * it reaches, symbolic links resolved, is a regular file inside the folder it was looked up under
 * and no larger than MAX_MODEL_FILE_BYTES. The model file itself, named on the command line, is
 * read wherever a link to it leads.
 */
import { closeSync, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { dirname, join, normalize, relative, resolve, sep } from 'node:path';

/** Largest model file read (a model is a few kilobytes). */
export const MAX_MODEL_FILE_BYTES = 4 * 1024 * 1024;

/** Read access to model files by '/'-separated paths relative to the source root. */
export interface ModelFileSource {
  read(path: string): string | undefined;
}

/** A file that exists but may not be read (too large, not a regular file, outside its folder). */
export class ModelFileAccessError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'ModelFileAccessError';
  }
}

/** `file`'s text, refusing anything but a regular file of at most MAX_MODEL_FILE_BYTES (UTF-8, BOM dropped). */
export function readLimited(file: string, shown: string = file): string {
  const fd = openSync(file, 'r');
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new ModelFileAccessError(shown, 'not a regular file');
    if (st.size > MAX_MODEL_FILE_BYTES) {
      throw new ModelFileAccessError(shown, `larger than ${MAX_MODEL_FILE_BYTES / (1024 * 1024)} MiB (${st.size} bytes); a model file is a few kilobytes`);
    }
    const buf = Buffer.alloc(st.size + 1);
    let n = 0;
    for (let k; n < buf.length && (k = readSync(fd, buf, n, buf.length - n, null)) > 0;) n += k;
    if (n > MAX_MODEL_FILE_BYTES) throw new ModelFileAccessError(shown, `larger than ${MAX_MODEL_FILE_BYTES / (1024 * 1024)} MiB`);
    const text = buf.subarray(0, n).toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } finally {
    closeSync(fd);
  }
}

/** True when `path` is a plain relative '/'-separated path to a .yaml or .yml file. */
function plainYamlPath(path: string): boolean {
  if (path === '' || path.startsWith('/') || path.includes('\\') || path.includes('\0') || /^[A-Za-z]:/.test(path)) return false;
  if (path.split('/').some((s) => s === '' || s === '.' || s === '..')) return false;
  return /\.ya?ml$/i.test(path);
}

function within(root: string, file: string): boolean {
  return file.startsWith(root.endsWith(sep) ? root : root + sep);
}

export interface DiskSource {
  source: ModelFileSource;
  /** The model file's own path for the source (its file name). */
  main: string;
  /** A source path as the user would find the file (relative to the path typed on the command line). */
  shown(path: string): string;
}

/** The source of the model file `typed` (the path as given on the command line). */
export function diskSource(typed: string): DiskSource {
  const abs = resolve(typed);
  const folder = dirname(abs);
  const bases: string[] = [];
  for (let d = folder; ; d = dirname(d)) {
    bases.push(d);
    if (dirname(d) === d) break;
  }
  const real = new Map<string, string | null>();
  const realBase = (b: string): string | null => {
    if (!real.has(b)) {
      try {
        real.set(b, realpathSync(b));
      } catch {
        real.set(b, null);
      }
    }
    return real.get(b) ?? null;
  };
  const found = new Map<string, string>();
  const main = abs.slice(folder.length + 1);
  const source: ModelFileSource = {
    read(path) {
      if (!plainYamlPath(path)) return undefined;
      // The file named on the command line is read wherever a link to it leads.
      if (path === main) {
        found.set(path, typed);
        return readLimited(abs, typed);
      }
      for (let k = 0; k < bases.length; k++) {
        const candidate = join(bases[k], ...path.split('/'));
        let target: string;
        try {
          target = realpathSync(candidate);
        } catch {
          continue;
        }
        const shown = normalize(join(dirname(typed), ...Array<string>(k).fill('..'), ...path.split('/')));
        const root = realBase(bases[k]);
        if (root === null || !within(root, target)) {
          throw new ModelFileAccessError(shown, `leads outside ${relative(process.cwd(), bases[k]) || '.'} (a symbolic link to ${target}); not read`);
        }
        found.set(path, shown);
        try {
          return readLimited(target, shown);
        } catch (e) {
          if (e instanceof ModelFileAccessError) throw e;
          throw new ModelFileAccessError(shown, `cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
        }
      }
      return undefined;
    },
  };
  return { source, main, shown: (path) => found.get(path) ?? path };
}
