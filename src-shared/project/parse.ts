/**
 * `.mfproj` text -> Project, never throwing: size, nesting depth and JSON syntax are checked first,
 * then the header (format, version: newer files are refused, older ones migrated by ./migrate.ts),
 * then every field (./read-project.ts). Every problem comes back as { path, message }; unknown
 * fields are dropped and listed in `warnings`.
 */
import type { ByteCodec } from './codec';
import { migrate } from './migrate';
import { readProject } from './read-project';
import { isObj, Reader } from './reader';
import { MAX_PROJECT_BYTES, PROJECT_FORMAT, PROJECT_VERSION, type ParseOutcome, type ProjectIssue } from './types';

/** Deepest nesting of lists and objects accepted (the current layout needs 8). */
export const MAX_JSON_DEPTH = 64;

const fail = (path: string, message: string): ParseOutcome => ({ ok: false, errors: [{ path, message }] });

/** Deepest nesting of `[`/`{` outside strings, stopping once it exceeds `limit`. Linear, no recursion. */
export function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 93 || c === 125) depth--;
  }
  return max;
}

function describeJsonError(e: unknown, text: string): string {
  const msg = e instanceof Error ? e.message : String(e);
  const trimmed = text.trimEnd();
  const last = trimmed[trimmed.length - 1];
  const truncated = trimmed.length > 0 && last !== '}' && last !== ']';
  return truncated ? `the file is not valid JSON; it looks truncated (${msg})` : `the file is not valid JSON (${msg})`;
}

export interface ParseOptions {
  /** Needed to read compressed arrays (main passes node:zlib's raw DEFLATE). */
  codec?: ByteCodec;
}

/**
 * Reads a project file's text. `ok: false` lists every problem found ({ path, message }); the
 * caller's open project is never touched. Never throws.
 */
export function parseProject(text: unknown, options: ParseOptions = {}): ParseOutcome {
  try {
    return parseChecked(text, options);
  } catch (e) {
    // A bug or an engine limit (e.g. out of memory): still an answer, never an exception.
    return fail('file', `could not be read (${e instanceof Error ? e.message : String(e)})`);
  }
}

function parseChecked(text: unknown, options: ParseOptions): ParseOutcome {
  if (typeof text !== 'string') return fail('file', 'must be text');
  if (text.length > MAX_PROJECT_BYTES) {
    return fail('file', `is larger than the limit of ${MAX_PROJECT_BYTES / 1024 / 1024} MiB`);
  }
  if (text.trim() === '') return fail('file', 'is empty');
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    return fail('file', `nests lists or objects deeper than ${MAX_JSON_DEPTH} levels`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return fail('file', describeJsonError(e, text));
  }
  if (!isObj(raw)) return fail('file', 'must hold a JSON object (a MeanField Studio project)');
  if (raw.format !== PROJECT_FORMAT) {
    return fail('format', `this is not a MeanField Studio project (format must be '${PROJECT_FORMAT}')`);
  }
  const version = raw.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return fail('version', 'must be a whole number >= 1');
  }
  if (version > PROJECT_VERSION) {
    return fail(
      'version',
      `made by a newer MeanField Studio (format version ${version}; this version reads up to ${PROJECT_VERSION}). Update MeanField Studio to open it.`,
    );
  }
  const doc = migrate(raw, version, PROJECT_VERSION);
  const r = new Reader(options.codec);
  const project = readProject(r, doc);
  if (!project) {
    const errors: ProjectIssue[] = r.errors.length > 0 ? r.errors : [{ path: 'file', message: 'is not a valid project' }];
    return { ok: false, errors };
  }
  return {
    ok: true,
    project,
    warnings: r.warnings,
    ...(version < PROJECT_VERSION ? { migratedFrom: version } : {}),
  };
}

/** One line per issue, `path: message`, as the app and `meanfield validate` show them. */
export function formatIssues(issues: readonly ProjectIssue[]): string[] {
  return issues.map((i) => `${i.path}: ${i.message}`);
}
