import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { examplePathIn, unpackedPath, workerScriptPath } from '../../src-main/app-paths';

const res = join(sep, 'opt', 'MeanField Studio', 'resources');

describe('unpackedPath', () => {
  it('moves a path from app.asar to app.asar.unpacked', () => {
    expect(unpackedPath(join(res, 'app.asar', 'out', 'main', 'worker.js'))).toBe(join(res, 'app.asar.unpacked', 'out', 'main', 'worker.js'));
  });

  it('leaves paths outside an archive alone, and does not match look-alike names', () => {
    const dev = join(sep, 'home', 'me', 'meanfield', 'out', 'main', 'worker.js');
    expect(unpackedPath(dev)).toBe(dev);
    const lookalike = join(res, 'my-app.asar', 'x.js');
    expect(unpackedPath(lookalike)).toBe(lookalike);
    const already = join(res, 'app.asar.unpacked', 'x.js');
    expect(unpackedPath(already)).toBe(already);
  });
});

describe('workerScriptPath', () => {
  const mainDir = join(res, 'app.asar', 'out', 'main');
  const unpacked = join(res, 'app.asar.unpacked', 'out', 'main', 'worker.js');

  it('uses the unpacked worker of a packaged app when it is there', () => {
    expect(workerScriptPath(mainDir, (p) => p === unpacked)).toBe(unpacked);
  });

  it('falls back to the archive path when no unpacked copy exists', () => {
    expect(workerScriptPath(mainDir, () => false)).toBe(join(mainDir, 'worker.js'));
  });

  it('uses out/main/worker.js in development', () => {
    const dev = join(sep, 'repo', 'out', 'main');
    expect(workerScriptPath(dev, () => true)).toBe(join(dev, 'worker.js'));
  });
});

describe('examplePathIn', () => {
  it('finds the example in resources/examples when packaged (electron-builder extraResources)', () => {
    expect(examplePathIn(true, res, join(res, 'app.asar'))).toBe(join(res, 'examples', 'pyrates-izhikevich.mfproj'));
  });

  it("finds it in the repository's examples/ otherwise", () => {
    expect(examplePathIn(false, '/ignored', '/repo')).toBe(join('/repo', 'examples', 'pyrates-izhikevich.mfproj'));
  });
});
