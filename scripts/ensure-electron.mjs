/**
 * Makes sure the Electron runtime is on disk before `npm start` / `npm run dev` (their pre-scripts).
 *
 * The electron package (45.x) has no install script: `npm install` leaves node_modules/electron
 * without its binary, and electron-vite reads node_modules/electron/path.txt itself, so it stops
 * with "Electron uninstall" before Electron's own lazy download (in its index.js) is ever reached.
 * This script checks path.txt, dist/version and the binary as Electron's installer does
 * (node_modules/electron/install.js) and, when they are missing, downloads the runtime with the
 * same @electron/get call the installer makes (so a failure arrives as an error object to explain),
 * then runs install.js, which finds the archive in the download cache, unpacks it and writes path.txt.
 *
 * Whatever it cannot fix it says in one line on standard error and exits 1, without a stack trace.
 * `npm test`, `npm run build` and CI never run it: they need no Electron binary.
 *
 * Usage: node scripts/ensure-electron.mjs   (exit 0 ready, 1 not ready)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** What to do when a download is impossible, in one sentence. */
const OFFLINE_ADVICE =
  'when online run `node node_modules/electron/install.js` (or `npm start` again); behind a firewall set ELECTRON_MIRROR to a reachable mirror of Electron releases; or set ELECTRON_EXEC_PATH to an installed Electron binary of that version';

/** The executable inside dist/ for each platform, as Electron's installer names it. */
export function platformPath(platform) {
  switch (platform) {
    case 'mas':
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'freebsd':
    case 'openbsd':
    case 'linux':
      return 'electron';
    case 'win32':
      return 'electron.exe';
    default:
      return undefined;
  }
}

/** The platform the installer downloads for (its own environment overrides first). */
export function targetPlatform(env, hostPlatform) {
  return env.ELECTRON_INSTALL_PLATFORM || env.npm_config_platform || hostPlatform;
}

const truthy = (v) => v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';

/**
 * The decision, from facts only (no disk, no network):
 * - `version`: node_modules/electron/package.json's version, or undefined when the package is missing;
 * - `pathTxt`: the content of path.txt, or undefined; `distVersion`: dist/version, or undefined;
 * - `binaryExists`: whether dist/<path.txt> exists; `execPathExists`: whether ELECTRON_EXEC_PATH exists;
 * - `platform`: the host platform; `env`: the environment.
 * Returns { action: 'ready' }, { action: 'install' } or { action: 'fail', message } (one line).
 */
export function decide({ version, pathTxt, distVersion, binaryExists, execPathExists, platform, env }) {
  if (env.ELECTRON_EXEC_PATH) {
    // electron-vite runs this binary and never looks at node_modules/electron.
    return execPathExists
      ? { action: 'ready' }
      : {
          action: 'fail',
          message: `ELECTRON_EXEC_PATH is set to ${env.ELECTRON_EXEC_PATH}, which does not exist: correct it, or unset it to use the runtime in node_modules/electron.`,
        };
  }
  if (version === undefined) {
    return { action: 'fail', message: 'node_modules/electron is missing: run `npm install` (or `npm ci`) first.' };
  }
  const target = targetPlatform(env, platform);
  const expected = platformPath(target);
  if (expected === undefined) {
    return {
      action: 'fail',
      message: `Electron has no builds for the platform '${target}'; the desktop app cannot run here (the meanfield command line can).`,
    };
  }
  const installed = pathTxt === expected && binaryExists && distVersion !== undefined && distVersion.trim().replace(/^v/, '') === version;
  if (installed) return { action: 'ready' };
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    // Electron's own launcher honours it; electron-vite does not, it only reads path.txt.
    const binary = join(env.ELECTRON_OVERRIDE_DIST_PATH, expected);
    return { action: 'fail', message: `electron-vite does not use ELECTRON_OVERRIDE_DIST_PATH: set ELECTRON_EXEC_PATH=${binary} instead.` };
  }
  if (truthy(env.ELECTRON_SKIP_BINARY_DOWNLOAD)) {
    return {
      action: 'fail',
      message: `The Electron ${version} runtime is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set: unset it to download it, or set ELECTRON_EXEC_PATH to an installed Electron ${version} binary.`,
    };
  }
  return { action: 'install' };
}

/** The network error code behind a failed download (fetch wraps it in `cause`), or undefined. */
function errorCode(err) {
  for (let e = err, depth = 0; e && depth < 5; e = e.cause, depth++) {
    if (typeof e.code === 'string' && e.code !== '') return e.code;
  }
  return undefined;
}

/** Where the download failed, from the error (host for DNS/connection errors, URL for HTTP). */
function hostOf(err) {
  for (let e = err, depth = 0; e && depth < 5; e = e.cause, depth++) {
    if (typeof e.hostname === 'string') return e.hostname;
    if (typeof e.address === 'string') return e.address + (e.port ? `:${e.port}` : '');
  }
  return undefined;
}

/**
 * One line saying why the Electron `version` download failed and what to do. Knows DNS failures
 * (ENOTFOUND, EAI_AGAIN), refused, reset or timed-out connections, HTTP errors (404: no such
 * release on the mirror) and checksum mismatches; anything else is quoted by its first line.
 */
export function downloadFailureMessage(err, version) {
  const code = errorCode(err);
  const host = hostOf(err);
  const at = host ? ` ${host}` : '';
  const status = err && err.response && typeof err.response.status === 'number' ? err.response.status : undefined;
  const url = err && err.response && typeof err.response.url === 'string' ? err.response.url : undefined;
  const firstLine = String((err && err.message) || err)
    .split('\n')[0]
    .trim();
  const cause = err && err.cause && err.cause.message ? String(err.cause.message).split('\n')[0].trim() : '';
  let why;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') why = `the download server${at} could not be found (no network or no DNS)`;
  else if (code === 'ECONNREFUSED') why = `the connection to the download server${at} was refused`;
  else if (code === 'ECONNRESET' || code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ENETUNREACH' || code === 'EHOSTUNREACH') {
    why = `the download server${at} could not be reached (${code})`;
  } else if (status === 404) why = `the download server has no Electron ${version} for this platform (HTTP 404${url ? ` for ${url}` : ''})`;
  else if (status !== undefined) why = `the download server answered HTTP ${status}${url ? ` for ${url}` : ''}`;
  else if (/checksum|sha256/i.test(firstLine)) why = `the downloaded file failed its checksum (${firstLine})`;
  else why = [firstLine, cause].filter((x) => x !== '').join(': ') || 'an unknown error';
  return `The Electron ${version} runtime is not installed and could not be downloaded: ${why}. To fix: ${OFFLINE_ADVICE}.`;
}

/** The facts `decide` needs, read from node_modules/electron under `root`. */
export function inspect(root, env, platform) {
  const dir = join(root, 'node_modules/electron');
  const read = (f) => {
    try {
      return readFileSync(join(dir, f), 'utf8');
    } catch {
      return undefined;
    }
  };
  let version;
  try {
    version = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  } catch {
    version = undefined;
  }
  const pathTxt = read('path.txt');
  return {
    version,
    pathTxt,
    distVersion: read('dist/version'),
    binaryExists: pathTxt !== undefined && pathTxt !== '' && existsSync(join(dir, 'dist', pathTxt)),
    execPathExists: !!env.ELECTRON_EXEC_PATH && existsSync(env.ELECTRON_EXEC_PATH),
    platform,
    env,
  };
}

/**
 * Downloads the runtime archive into @electron/get's cache with the options Electron's install.js
 * uses (version, platform, architecture, cache folder, the package's checksums), then runs install.js,
 * which takes it from the cache, unpacks it and writes path.txt. Throws what the download threw;
 * returns the installer's exit status and the last line it wrote to standard error.
 */
async function download(root, version, env) {
  const dir = join(root, 'node_modules/electron');
  const require = createRequire(join(dir, 'install.js'));
  const { downloadArtifact } = await import(pathToFileURL(require.resolve('@electron/get')).href);
  const remoteChecksums = env.electron_use_remote_checksums || env.npm_config_electron_use_remote_checksums;
  await downloadArtifact({
    version,
    artifactName: 'electron',
    force: env.force_no_cache === 'true',
    cacheRoot: env.electron_config_cache,
    checksums: remoteChecksums ? undefined : require('./checksums.json'),
    platform: targetPlatform(env, process.platform),
    arch: env.ELECTRON_INSTALL_ARCH || env.npm_config_arch || process.arch,
  });
  const r = spawnSync(process.execPath, [join(dir, 'install.js')], { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'inherit', 'pipe'] });
  const lines = (r.stderr || '')
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '' && !/^\s+at /.test(l));
  return { status: r.status, lastLine: lines[lines.length - 1] ?? (r.error ? String(r.error.message) : '') };
}

/** The command: exit 0 when the runtime is (now) there, else one line and exit 1. */
async function main() {
  const env = process.env;
  const fail = (message) => {
    console.error(`ensure-electron: ${message}`);
    process.exitCode = 1;
  };
  const d = decide(inspect(ROOT, env, process.platform));
  if (d.action === 'ready') return;
  if (d.action === 'fail') return fail(d.message);
  const version = inspect(ROOT, env, process.platform).version;
  console.log(`ensure-electron: the Electron ${version} runtime is not installed yet; downloading it once (about 100 MB)...`);
  let installer;
  try {
    installer = await download(ROOT, version, env);
  } catch (err) {
    return fail(downloadFailureMessage(err, version));
  }
  const after = decide(inspect(ROOT, env, process.platform));
  if (installer.status !== 0 || after.action !== 'ready') {
    const why = installer.lastLine || (after.action === 'fail' ? after.message : 'node_modules/electron/path.txt or the binary is still missing');
    return fail(`Electron's installer could not unpack the ${version} runtime (${why}). Delete node_modules/electron and run \`npm install\` again.`);
  }
  console.log('ensure-electron: Electron runtime installed.');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(`ensure-electron: ${String((err && err.message) || err).split('\n')[0]}`);
    process.exitCode = 1;
  });
}
