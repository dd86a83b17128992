/**
 * Reading a model file and the folder tree around it, for import. PyRates model files refer to
 * templates in other files of their package by dotted path, so the importer gets the chosen file's
 * folder (and its subfolders) as a read-only, size-limited set of texts: only .yaml, .yml and
 * .json files, no symbolic links followed, at most MAX_MODEL_FILES files of MAX_MODEL_FILE_BYTES
 * each and MAX_MODEL_TREE_BYTES together, MAX_MODEL_TREE_DEPTH folders deep. Nothing read is run.
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';

export const MAX_MODEL_FILE_BYTES = 2 * 1024 * 1024;
export const MAX_MODEL_TREE_BYTES = 16 * 1024 * 1024;
export const MAX_MODEL_FILES = 500;
export const MAX_MODEL_TREE_DEPTH = 4;

const MODEL_FILE = /\.(ya?ml|json)$/i;

/** A model file with the texts of its folder tree, by path relative to that folder ('/' separated). */
export interface ModelFolder {
  /** The chosen file, relative to `root`. */
  file: string;
  /** Texts of the model files of the tree (the chosen one included). */
  files: ReadonlyMap<string, string>;
  /** Why some files were left out (too large, too many), for the user. */
  skipped: string[];
}

const rel = (root: string, path: string) => relative(root, path).split(sep).join('/');

/**
 * Reads `path` (refused when larger than MAX_MODEL_FILE_BYTES or not a regular file) and the model
 * files beside it and below. Throws with a message for the user when the chosen file is unusable.
 */
export async function readModelFolder(path: string): Promise<ModelFolder> {
  const info = await lstat(path);
  if (!info.isFile()) throw new Error(`${basename(path)} is not a regular file.`);
  if (info.size > MAX_MODEL_FILE_BYTES)
    throw new Error(`${basename(path)} is larger than ${MAX_MODEL_FILE_BYTES / 1024 / 1024} MiB; model files are much smaller.`);
  const root = dirname(path);
  const files = new Map<string, string>();
  const skipped: string[] = [];
  const text = await readFile(path, 'utf8');
  files.set(rel(root, path), text);
  let total = text.length;
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // an unreadable folder is simply not part of the tree
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory() && depth < MAX_MODEL_TREE_DEPTH && !e.name.startsWith('.')) {
        await walk(p, depth + 1);
        continue;
      }
      if (!e.isFile() || !MODEL_FILE.test(e.name) || files.has(rel(root, p))) continue;
      if (files.size >= MAX_MODEL_FILES) return void skipped.push(`more than ${MAX_MODEL_FILES} model files in the folder`);
      const size = (await lstat(p)).size;
      if (size > MAX_MODEL_FILE_BYTES || total + size > MAX_MODEL_TREE_BYTES) {
        skipped.push(`${rel(root, p)} (too large)`);
        continue;
      }
      files.set(rel(root, p), await readFile(p, 'utf8'));
      total += size;
    }
  };
  await walk(root, 0);
  return { file: rel(root, path), files, skipped };
}
