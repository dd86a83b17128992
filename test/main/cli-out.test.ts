/**
 * `--out` never replaces what is not a regular file: a regular file is replaced atomically, a
 * symbolic link is written through to its target, a FIFO or device is written to directly.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, linkSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuild, ROOT } from './ensure-build';
import { BIN, meanfield } from './cli-run';

const RUN = ['simulate', '--model', 'ik_nodim', '--t-end', '1', '--dt', '0.01', '--sample', '0.1'];
const HEADER = 't,r,v,u,s\n';

let dir = '';
let expected = '';
beforeAll(() => {
  ensureBuild();
  dir = mkdtempSync(join(tmpdir(), 'meanfield-out-'));
  const r = meanfield(...RUN);
  expect(r.code).toBe(0);
  expected = r.stdout;
  expect(expected.startsWith(HEADER)).toBe(true);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Files in the folder other than `keep`: a temporary file left behind would show here. */
const strays = (keep: string[]) => readdirSync(dir).filter((f) => !keep.includes(f));

describe('meanfield --out', () => {
  it('replaces a regular file atomically: a new file under the name, the old one intact under a second name, mode kept', () => {
    const file = join(dir, 'run.csv');
    const old = join(dir, 'old-name.csv');
    writeFileSync(file, 'old data\n');
    chmodSync(file, 0o640);
    linkSync(file, old); // a second name for the old file's inode
    const r = meanfield(...RUN, '--out', file);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toBe(expected);
    // Written in place, the old inode would hold the new data too; renamed over, it keeps the old.
    expect(readFileSync(old, 'utf8')).toBe('old data\n');
    expect(statSync(file).ino).not.toBe(statSync(old).ino);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(strays(['run.csv', 'old-name.csv'])).toEqual([]);
    rmSync(old);
    rmSync(file);
  });

  it('writes through a symbolic link to its target; the link stays a link', () => {
    const target = join(dir, 'target.csv');
    const link = join(dir, 'link.csv');
    writeFileSync(target, 'old data\n');
    symlinkSync('target.csv', link);
    const r = meanfield(...RUN, '--out', link);
    expect(r.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('target.csv');
    expect(readFileSync(target, 'utf8')).toBe(expected);
    expect(strays(['target.csv', 'link.csv'])).toEqual([]);
    rmSync(link);
    // A link to a missing file creates that file.
    rmSync(target);
    symlinkSync('target.csv', link);
    expect(meanfield(...RUN, '--out', link).code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe(expected);
    rmSync(link);
    rmSync(target);
  });

  it('writes into a FIFO for its reader; the FIFO stays a FIFO', async () => {
    const fifo = join(dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
    let read = '';
    reader.stdout.on('data', (d: Buffer) => (read += d.toString()));
    const readerDone = new Promise<number | null>((done) => reader.on('exit', done));
    const cli = spawn(process.execPath, [BIN, ...RUN, '--out', fifo], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    cli.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((done) => cli.on('exit', done));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(await readerDone).toBe(0);
    expect(read).toBe(expected);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(strays(['pipe'])).toEqual([]);
    rmSync(fifo);
  });

  it('writes to a device node directly, replacing nothing', () => {
    // A private null device (c 1 3) where mknod is allowed (root), so nothing else touches it; else /dev/null.
    const own = join(dir, 'null');
    const device = spawnSync('mknod', ['-m', '666', own, 'c', '1', '3']).status === 0 ? own : '/dev/null';
    const before = statSync(device);
    expect(before.isCharacterDevice()).toBe(true);
    const r = meanfield(...RUN, '--out', device);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const after = statSync(device);
    expect(after.isCharacterDevice()).toBe(true);
    expect(after.ino).toBe(before.ino);
    expect(readFileSync(device, 'utf8')).toBe('');
    if (device === own) {
      expect(strays(['null'])).toEqual([]);
      rmSync(own);
    }
  });

  it('writes to /dev/stdout (here a socket, which cannot be reopened by name) through standard output', () => {
    const out = meanfield(...RUN, '--out', '/dev/stdout');
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toBe(expected);
  });

  it("writes to a shell's process substitution >(cmd)", () => {
    const file = join(dir, 'substituted.csv');
    const q = (w: string) => `'${w}'`;
    const script = `${[process.execPath, BIN, ...RUN].map(q).join(' ')} --out >(cat > ${q(file)}); code=$?; wait $!; exit $code`;
    const r = spawnSync('bash', ['-c', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(expected);
    rmSync(file);
  });

  it('refuses before the run a folder that cannot take the temporary file, leaving the file as it was', () => {
    const ro = join(dir, 'read-only');
    const r0 = spawnSync('mkdir', [ro]);
    expect(r0.status).toBe(0);
    const file = join(ro, 'run.csv');
    writeFileSync(file, 'old data\n');
    chmodSync(ro, 0o555);
    try {
      const r = meanfield(...RUN, '--out', file);
      // root may write anywhere: then the replacement must simply have worked.
      if (process.getuid?.() === 0) expect(readFileSync(file, 'utf8')).toBe(expected);
      else {
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/^meanfield: --out .*: cannot write there \(EACCES\)/);
        expect(readFileSync(file, 'utf8')).toBe('old data\n');
      }
    } finally {
      chmodSync(ro, 0o755);
    }
  });
});
