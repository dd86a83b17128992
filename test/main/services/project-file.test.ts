import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_PROJECT_BYTES } from '@shared/project/types';
import { nodeFs, type FsOps } from '../../../src-main/services/atomic-write';
import { serializeProjectFile } from '../../../src-main/services/project-codec';
import { openProjectFile, readProjectText, saveProjectText } from '../../../src-main/services/project-file';
import { recentFiles } from '../../../src-main/services/recent-files';
import { recoveryStore } from '../../../src-main/services/recovery';
import { bitDiff, richProject } from '../../shared/project/helpers';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mfproj-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const err = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });

type Stage = 'create' | 'write' | 'sync' | 'link' | 'copyFile' | 'rename';

/**
 * nodeFs with one stage failing; a failing write first writes half the data (a partial file).
 * 'link' fails only the hard link (the backup falls back to a copy); 'copyFile' fails both.
 */
function failing(stage: Stage, code = 'ENOSPC'): FsOps {
  return {
    ...nodeFs,
    async create(path, mode) {
      if (stage === 'create') throw err(code);
      const f = await nodeFs.create(path, mode);
      return {
        async write(data) {
          if (stage === 'write') {
            await f.write(data.subarray(0, data.length >> 1));
            throw err(code);
          }
          await f.write(data);
        },
        sync: async () => (stage === 'sync' ? Promise.reject(err(code)) : f.sync()),
        close: () => f.close(),
      };
    },
    link: (a, b) => (stage === 'link' || stage === 'copyFile' ? Promise.reject(err('EPERM')) : nodeFs.link(a, b)),
    copyFile: (a, b) => (stage === 'copyFile' ? Promise.reject(err(code)) : nodeFs.copyFile(a, b)),
    rename: (a, b) => (stage === 'rename' && !a.endsWith('.bak.tmp') ? Promise.reject(err(code)) : nodeFs.rename(a, b)),
  };
}

describe('atomic save', () => {
  it('saves, keeps the previous version as .bak, and reopens bit-exact', async () => {
    const file = join(dir, 'a.mfproj');
    const p = richProject();
    expect(await saveProjectText(file, serializeProjectFile(p))).toMatchObject({ ok: true });
    expect(existsSync(`${file}.bak`)).toBe(false);
    const first = readFileSync(file, 'utf8');
    const firstInode = statSync(file).ino;
    p.runs[0].name = 'renamed';
    expect(await saveProjectText(file, serializeProjectFile(p))).toMatchObject({ ok: true });
    // The backup is the previous file itself (a hard link: nothing copied that could be lost).
    expect(statSync(`${file}.bak`).ino).toBe(firstInode);
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(first);
    const opened = await openProjectFile(file);
    if (!opened.ok) throw new Error(JSON.stringify(opened.errors));
    expect(bitDiff(opened.project, p)).toBeNull();
    expect(readdirSync(dir).sort()).toEqual(['a.mfproj', 'a.mfproj.bak']);
  });

  for (const stage of ['create', 'write', 'sync', 'copyFile', 'rename'] as const) {
    it(`a failure at '${stage}' is reported and leaves the complete old file`, async () => {
      const file = join(dir, 'b.mfproj');
      writeFileSync(file, 'OLD COMPLETE CONTENT');
      const r = await saveProjectText(file, 'NEW '.repeat(100_000), failing(stage));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toBe("Could not save 'b.mfproj': the disk is full. The file on disk is unchanged.");
      expect(readFileSync(file, 'utf8')).toBe('OLD COMPLETE CONTENT');
      // No temporary files left behind; a .bak, if any, is a complete copy of the old file.
      for (const f of readdirSync(dir)) {
        expect(f.endsWith('.tmp')).toBe(false);
        if (f.endsWith('.bak')) expect(readFileSync(join(dir, f), 'utf8')).toBe('OLD COMPLETE CONTENT');
      }
    });
  }

  it('makes the backup by copying where hard links are refused', async () => {
    const file = join(dir, 'l.mfproj');
    writeFileSync(file, 'OLD');
    expect(await saveProjectText(file, 'NEW', failing('link'))).toEqual({ ok: true, bytes: 3 });
    expect(readFileSync(file, 'utf8')).toBe('NEW');
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe('OLD');
    expect(readdirSync(dir).sort()).toEqual(['l.mfproj', 'l.mfproj.bak']);
  });

  it('saving through a symbolic link replaces the file it points to; the link stays', async () => {
    mkdirSync(join(dir, 'real'));
    const real = join(dir, 'real', 'p.mfproj');
    const link = join(dir, 'link.mfproj');
    writeFileSync(real, 'OLD');
    symlinkSync(real, link);
    expect(await saveProjectText(link, 'NEW')).toEqual({ ok: true, bytes: 3 });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('NEW');
    // Temporary file and backup live next to the real file.
    expect(readFileSync(`${real}.bak`, 'utf8')).toBe('OLD');
    expect(readdirSync(dir).sort()).toEqual(['link.mfproj', 'real']);
    expect(readdirSync(join(dir, 'real')).sort()).toEqual(['p.mfproj', 'p.mfproj.bak']);
  });

  it("the new file keeps the old one's permissions; a new file gets the default", async () => {
    const file = join(dir, 'private.mfproj');
    writeFileSync(file, 'OLD');
    chmodSync(file, 0o600);
    expect((await saveProjectText(file, 'NEW')).ok).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    chmodSync(file, 0o640);
    expect((await saveProjectText(file, 'NEWER')).ok).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    const fresh = join(dir, 'fresh.mfproj');
    expect((await saveProjectText(fresh, 'A')).ok).toBe(true);
    expect(statSync(fresh).mode & 0o777).toBe(0o644 & ~process.umask());
  });

  it('names permission problems and missing folders; never throws', async () => {
    const r1 = await saveProjectText(join(dir, 'c.mfproj'), 'x', failing('create', 'EACCES'));
    expect(r1).toEqual({ ok: false, error: "Could not save 'c.mfproj': permission denied. The file on disk is unchanged." });
    const r2 = await saveProjectText(join(dir, 'gone', 'd.mfproj'), 'x');
    expect(r2).toEqual({ ok: false, error: "Could not save 'd.mfproj': the folder or file does not exist. The file on disk is unchanged." });
  });

  it('a save that succeeds after a failed one replaces the file completely', async () => {
    const file = join(dir, 'e.mfproj');
    writeFileSync(file, 'OLD');
    await saveProjectText(file, 'HALF', failing('rename'));
    expect(await saveProjectText(file, 'NEW')).toEqual({ ok: true, bytes: 3 });
    expect(readFileSync(file, 'utf8')).toBe('NEW');
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe('OLD');
  });
});

describe('opening', () => {
  it('checks the size before reading and reports missing or non-text files', async () => {
    const big: FsOps = {
      ...nodeFs,
      stat: async () => ({ size: MAX_PROJECT_BYTES + 1, isFile: true }),
      readFile: () => Promise.reject(new Error('must not read')),
    };
    expect(await readProjectText(join(dir, 'big.mfproj'), big)).toEqual({
      ok: false,
      error: "Could not open 'big.mfproj': it is 256.0 MiB, over the limit of 256 MiB for project files.",
    });
    expect(await readProjectText(join(dir, 'none.mfproj'))).toEqual({ ok: false, error: "Could not open 'none.mfproj': the folder or file does not exist." });
    writeFileSync(join(dir, 'bin.mfproj'), Buffer.from([0xff, 0xfe, 0x00, 0x80]));
    expect((await readProjectText(join(dir, 'bin.mfproj'))).ok).toBe(false);
    const opened = await openProjectFile(join(dir, 'bin.mfproj'));
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.errors[0].message).toMatch(/not a text \(UTF-8\) file/);
  });
});

describe('recovery copy', () => {
  it('writes, reads and clears atomically; corrupt or missing copies read as null', async () => {
    const folder = join(dir, 'recovery');
    const store = recoveryStore(folder, nodeFs, () => 1234);
    expect(await store.read()).toBeNull();
    await store.write('{"project": 1}\nsecond line', { path: '/x/a.mfproj', name: 'a.mfproj' });
    expect(await store.read()).toEqual({ text: '{"project": 1}\nsecond line', document: { path: '/x/a.mfproj', name: 'a.mfproj' }, savedAt: 1234 });
    await store.write('v2', { path: null, name: 'Untitled' });
    expect((await store.read())?.text).toBe('v2');
    await store.clear();
    expect(await store.read()).toBeNull();
    await store.clear();
    writeFileSync(join(folder, 'recovery.mfrecovery'), 'garbage without header');
    expect(await store.read()).toBeNull();
    writeFileSync(join(folder, 'recovery.mfrecovery'), '{"document": 5}\ntext');
    expect(await store.read()).toBeNull();
  });

  it('a failed write rejects with the reason and keeps the previous copy', async () => {
    const folder = join(dir, 'r2');
    await recoveryStore(folder).write('old', { path: null, name: 'Untitled' });
    await expect(recoveryStore(folder, failing('sync')).write('new', { path: null, name: 'Untitled' })).rejects.toThrow(/the disk is full/);
    expect((await recoveryStore(folder).read())?.text).toBe('old');
  });
});

describe('recent files', () => {
  it('keeps at most 10, newest first, without duplicates, pruning missing files', async () => {
    const recent = recentFiles(join(dir, 'cfg'));
    const files = Array.from({ length: 12 }, (_, i) => join(dir, `p${i}.mfproj`));
    for (const f of files) writeFileSync(f, '{}');
    for (const f of files) await recent.add(f);
    await recent.add(files[5]);
    let list = await recent.list();
    expect(list).toHaveLength(10);
    expect(list[0]).toBe(files[5]);
    expect(list[1]).toBe(files[11]);
    expect(new Set(list).size).toBe(10);
    rmSync(files[11]);
    list = await recent.list();
    expect(list).not.toContain(files[11]);
    expect(await recentFiles(join(dir, 'cfg')).list()).toEqual(list); // persisted
    await recent.remove(files[5]);
    expect(await recent.list()).not.toContain(files[5]);
    await recent.clear();
    expect(await recent.list()).toEqual([]);
  });

  it('a corrupt list reads as empty and is replaced on the next add', async () => {
    const cfg = join(dir, 'cfg2');
    const recent = recentFiles(cfg);
    await recent.add(join(dir, 'x.mfproj'));
    for (const junk of ['{not json', '[]', '{"files": 5}', '{"files": [1, null, {"a": 1}]}']) {
      writeFileSync(join(cfg, 'recent-files.json'), junk);
      expect(await recent.list()).toEqual([]);
    }
    const f = join(dir, 'y.mfproj');
    writeFileSync(f, '{}');
    await recent.add(f);
    expect(await recent.list()).toEqual([f]);
  });
});
