/**
 * --model-file in-process: the JSON reader (positions of syntax errors and of bad fields, built-in
 * names), the JSON syntax scanner against JSON.parse, and the file source of PyRates files (lookup
 * in the folder and its ancestors, plain relative paths only, no symbolic link out of the folder,
 * size limit).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toModelJson } from '@shared/models/export/model-json';
import { getTemplate } from '@shared/models/templates';
import type { ModelDef } from '@shared/models/types';
import { jsonSyntaxError, locatePath, positionAt } from '../../src-main/cli/json-position';
import { readModelFile } from '../../src-main/cli/model-file';
import { diskSource, MAX_MODEL_FILE_BYTES, ModelFileAccessError } from '../../src-main/cli/model-source';
import { rng } from '../shared/expr/rng';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'meanfield-model-file-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const custom = (): ModelDef => ({ ...(JSON.parse(JSON.stringify(getTemplate('ik_nodim'))) as ModelDef), name: 'my_ik' });

/** 1-based line of the first occurrence of `needle` in `text`. */
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('JSON model files', () => {
  it('read back what export --format json writes', () => {
    const file = join(dir, 'my_ik.json');
    writeFileSync(file, toModelJson(custom()));
    const read = readModelFile(file, undefined);
    expect(read).toEqual({ def: custom(), builtin: false, notes: [] });
    expect(readModelFile(file, 'my_ik').def).toEqual(custom());
    expect(() => readModelFile(file, 'other')).toThrow(`--model other: ${file} holds the model 'my_ik'`);
  });

  it('name the file, line and column of a syntax error', () => {
    const file = join(dir, 'broken.json');
    const text = toModelJson(custom()).replace('"version": 1,', '"version": 1,,');
    writeFileSync(file, text);
    const line = lineOf(text, ',,');
    expect(() => readModelFile(file, undefined)).toThrow(`${file}:${line}:16: not valid JSON: unexpected ',': expected a quoted field name`);
  });

  it('name the line of a bad field, with the field path and the problem', () => {
    const file = join(dir, 'bad-rhs.json');
    const text = toModelJson(custom()).replace('"rhs": "a*(b*v - u) + d*r"', '"rhs": "a*(b*v - u) + dd*r"');
    writeFileSync(file, text);
    const line = lineOf(text, 'dd*r');
    expect(() => readModelFile(file, undefined)).toThrow(new RegExp(`^${file}:${line}:\\d+: equations\\[2\\]\\.rhs: .*unknown symbol 'dd'`));
    const t2 = toModelJson(custom()).replace('"default": 0.6', '"default": "0.6"');
    writeFileSync(file, t2);
    expect(() => readModelFile(file, undefined)).toThrow(`${file}:${lineOf(t2, '"0.6"')}:18: params[3].default: must be a finite number`);
  });

  it('warn about unknown fields with their line', () => {
    const file = join(dir, 'extra.json');
    const text = toModelJson(custom()).replace('"version": 1,', '"version": 1,\n  "colour": "blue",');
    writeFileSync(file, text);
    const line = lineOf(text, 'colour');
    const col = text.split('\n')[line - 1].indexOf('"blue"') + 1;
    expect(readModelFile(file, undefined).notes).toEqual([`warning: ${file}:${line}:${col}: colour: unknown field, ignored`]);
  });

  it("run a built-in template's definition as that template, and rename a different one with a note", () => {
    const same = join(dir, 'ik_nodim.json');
    writeFileSync(same, toModelJson(getTemplate('ik_nodim')!));
    expect(readModelFile(same, undefined)).toEqual({ def: getTemplate('ik_nodim'), builtin: true, notes: [] });
    const changed = { ...getTemplate('ik_nodim')!, params: getTemplate('ik_nodim')!.params.map((p) => (p.name === 'g' ? { ...p, default: 0.7 } : p)) };
    writeFileSync(same, toModelJson(changed));
    const read = readModelFile(same, undefined);
    expect(read.builtin).toBe(false);
    expect(read.def).toEqual({ ...changed, name: 'ik_nodim_file' });
    expect(read.notes).toEqual([`note: the model in ${same} is named 'ik_nodim' like a built-in template but differs from it; it runs as 'ik_nodim_file'`]);
  });

  it('refuse a missing file, a folder, another extension and a file over the size limit', () => {
    expect(() => readModelFile(join(dir, 'none.json'), undefined)).toThrow(`--model-file ${join(dir, 'none.json')}: cannot read it (no such file)`);
    mkdirSync(join(dir, 'folder.json'));
    expect(() => readModelFile(join(dir, 'folder.json'), undefined)).toThrow(/folder\.json: not a regular file/);
    expect(() => readModelFile(join(dir, 'none.yaml'), 'x')).toThrow(`--model-file ${join(dir, 'none.yaml')}: cannot read it (no such file)`);
    expect(() => readModelFile(join(dir, 'model.txt'), undefined)).toThrow(/must be a \.json model file .* or a PyRates \.yaml\/\.yml file/);
    const list = join(dir, 'list.json');
    writeFileSync(list, '[1, 2]\n');
    expect(() => readModelFile(list, undefined)).toThrow(`${list}:1:1: must be an object`);
    const big = join(dir, 'big.json');
    writeFileSync(big, `"${'x'.repeat(MAX_MODEL_FILE_BYTES)}"`);
    expect(() => readModelFile(big, undefined)).toThrow(/big\.json: larger than 4 MiB/);
  });
});

describe('jsonSyntaxError', () => {
  it('agrees with JSON.parse on thousands of damaged model files, and points inside the text', () => {
    const base = toModelJson(custom());
    const r = rng(5);
    const junk = ['', ',', '}', ']', '"', '\\', ':', '1', '-', '.', 'e', ' ', '\n', 'tru', 'null', '\u0001', '{', '['];
    let invalid = 0;
    for (let k = 0; k < 3000; k++) {
      let text = base;
      for (let m = 1 + Math.floor(r() * 3); m > 0; m--) {
        const at = Math.floor(r() * text.length);
        const cut = Math.floor(r() * 3);
        text = text.slice(0, at) + junk[Math.floor(r() * junk.length)] + text.slice(at + cut);
      }
      let ok = true;
      try {
        JSON.parse(text);
      } catch {
        ok = false;
      }
      const e = jsonSyntaxError(text);
      expect(e === null, text).toBe(ok);
      if (e !== null) {
        invalid++;
        expect(e.offset).toBeGreaterThanOrEqual(0);
        expect(e.offset).toBeLessThanOrEqual(text.length);
      }
    }
    expect(invalid).toBeGreaterThan(1000);
    expect(jsonSyntaxError('[1, 2,]')).toEqual({ offset: 6, message: "unexpected ']': expected a value" });
    expect(positionAt('ab\ncd\nef', 4)).toEqual({ line: 2, col: 2 });
  });

  it('locates field paths, falling back to the enclosing value', () => {
    const text = toModelJson(custom());
    expect(locatePath(text, 'equations[1].rhs').line).toBe(lineOf(text, '"rhs": "(v^2'));
    expect(locatePath(text, 'params[4].nosuch').line).toBe(lineOf(text, '"name": "g"') - 1);
    expect(locatePath(text, '')).toEqual({ line: 1, col: 1 });
  });
});

describe('the file source of PyRates model files', () => {
  it('finds a referenced file in the folder first, then in its ancestors; reads only plain relative .yaml paths', () => {
    const root = join(dir, 'tree');
    mkdirSync(join(root, 'a/b/lib'), { recursive: true });
    mkdirSync(join(root, 'lib'), { recursive: true });
    mkdirSync(join(root, 'shared'), { recursive: true });
    writeFileSync(join(root, 'a/b/model.yaml'), 'main');
    writeFileSync(join(root, 'a/b/lib/near.yaml'), 'near');
    writeFileSync(join(root, 'lib/near.yaml'), 'far');
    writeFileSync(join(root, 'shared/base.yml'), 'base');
    writeFileSync(join(root, 'a/b/notes.txt'), 'text');
    const disk = diskSource(join(root, 'a/b/model.yaml'));
    expect(disk.main).toBe('model.yaml');
    expect(disk.source.read('model.yaml')).toBe('main');
    expect(disk.source.read('lib/near.yaml')).toBe('near');
    expect(disk.source.read('shared/base.yml')).toBe('base');
    expect(disk.shown('shared/base.yml')).toBe(join(root, 'shared/base.yml'));
    expect(disk.source.read('missing/x.yaml')).toBeUndefined();
    for (const bad of ['../b/model.yaml', '/etc/passwd.yaml', 'lib/./near.yaml', 'lib//near.yaml', 'notes.txt', 'lib\\near.yaml', '']) {
      expect(disk.source.read(bad), bad).toBeUndefined();
    }
  });

  it('refuses a symbolic link that leads out of the folder it was found in, and files over the size limit', () => {
    const root = join(dir, 'links');
    const outside = join(dir, 'outside');
    mkdirSync(join(root, 'm'), { recursive: true });
    mkdirSync(outside, { recursive: true });
    writeFileSync(join(outside, 'secret.yaml'), 'secret');
    writeFileSync(join(root, 'm/model.yaml'), 'main');
    symlinkSync(outside, join(root, 'm/lib'));
    symlinkSync(join(outside, 'secret.yaml'), join(root, 'm/direct.yaml'));
    writeFileSync(join(root, 'm/big.yaml'), 'x'.repeat(MAX_MODEL_FILE_BYTES + 1));
    const disk = diskSource(join(root, 'm/model.yaml'));
    expect(() => disk.source.read('lib/secret.yaml')).toThrow(ModelFileAccessError);
    expect(() => disk.source.read('direct.yaml')).toThrow(/leads outside .* not read/);
    expect(() => disk.source.read('big.yaml')).toThrow(/larger than 4 MiB/);
    // The file named on the command line is read wherever its link leads.
    expect(diskSource(join(root, 'm/direct.yaml')).source.read('direct.yaml')).toBe('secret');
  });
});
