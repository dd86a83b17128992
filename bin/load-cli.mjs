// Loads the built command line, out/cli/cli.cjs (one CommonJS file, made by `npm run build`), with
// the V8 code cache the build made for it (out/cli/cli.cjs.cache, scripts/code-cache.mjs): the
// bytecode of the functions a command runs, so that a fresh process need not compile them again
// (on `meanfield continue` about a quarter of the first trace, and a third of the loading). V8
// checks the cache against this file and this Node version and ignores it when they differ; the
// command then compiles as it goes, as any script does. The cache holds only what V8 compiled from
// this file: nothing is run that the file does not say.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

/** The built command line and its code cache. */
export const CLI_CJS = fileURLToPath(new URL('../out/cli/cli.cjs', import.meta.url));
export const CODE_CACHE = `${CLI_CJS}.cache`;

/**
 * The command line's exports ({ runCli, processIo, v8FlagsFor }), its compiled script (for
 * createCachedData) and whether V8 took the code cache. Compiles with V8's flags as they are: a
 * cache is only taken under the flags it was made with (scripts/code-cache.mjs leaves them alone).
 */
export function loadCli(options = { cache: true }) {
  const source = readFileSync(CLI_CJS, 'utf8');
  let cachedData;
  if (options.cache) {
    try {
      cachedData = readFileSync(CODE_CACHE);
    } catch {
      cachedData = undefined;
    }
  }
  // The wrapper Node puts around a CommonJS file.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: CLI_CJS, cachedData });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(CLI_CJS), module, CLI_CJS, dirname(CLI_CJS));
  return { cli: module.exports, script, cacheTaken: cachedData !== undefined && !script.cachedDataRejected };
}
