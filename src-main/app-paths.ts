/**
 * Where the built app's files are at run time, as pure functions (no Electron import) so tests can
 * check them for a packaged layout.
 *
 * Packaged (electron-builder): the app is resources/app.asar; files listed in the build's
 * `asarUnpack` (the engine worker and its chunks, see package.json "build") are real files under
 * resources/app.asar.unpacked, and `extraResources` (examples/) sit in resources/.
 */
import { join, sep } from 'node:path';

const ASAR = `${sep}app.asar${sep}`;
const UNPACKED = `${sep}app.asar.unpacked${sep}`;

/**
 * `path` moved from inside app.asar to app.asar.unpacked (the first `app.asar` directory segment
 * only); unchanged when it is not inside an archive. Worker threads are started from the unpacked
 * copy so they load from the real file system, with no reliance on archive support in workers.
 */
export function unpackedPath(path: string): string {
  const i = path.indexOf(ASAR);
  return i < 0 ? path : path.slice(0, i) + UNPACKED + path.slice(i + ASAR.length);
}

/**
 * The engine worker script: out/main/worker.js next to the main bundle (`mainDir`), taken from
 * app.asar.unpacked when packaged and that copy exists (`exists` is fs.existsSync in the app).
 */
export function workerScriptPath(mainDir: string, exists: (p: string) => boolean): string {
  const inAsar = join(mainDir, 'worker.js');
  const unpacked = unpackedPath(inAsar);
  return unpacked !== inAsar && exists(unpacked) ? unpacked : inAsar;
}

/** The shipped example project: resources/examples when packaged, the repository's examples/ otherwise. */
export function examplePathIn(packaged: boolean, resourcesPath: string, appPath: string): string {
  return join(packaged ? resourcesPath : appPath, 'examples', 'pyrates-izhikevich.mfproj');
}
