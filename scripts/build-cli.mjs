/**
 * Builds the `meanfield` command line (run by `npm run build` after electron-vite's build): the CLI
 * (src-main/cli/main.ts) with everything it uses as one CommonJS file, out/cli/cli.cjs (the engine
 * workers it starts are the main build's, in out/main); then, in a fresh process, V8's code cache
 * for it (./code-cache.mjs). One CommonJS file, because Node 20 takes a code cache only for a script
 * compiled through node:vm. Its own folder, because electron-vite's builds (`npm start` too) empty out/main.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

await build({
  configFile: false,
  logLevel: 'warn',
  resolve: { alias: { '@shared': join(root, 'src-shared') } },
  // Every package bundled (ml-matrix, yaml): the command needs no node_modules when it runs.
  ssr: { noExternal: true },
  build: {
    ssr: true,
    outDir: join(root, 'out/cli'),
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rolldownOptions: {
      input: join(root, 'src-main/cli/main.ts'),
      output: { format: 'cjs', entryFileNames: 'cli.cjs', codeSplitting: false },
    },
  },
});

execFileSync(process.execPath, [join(root, 'scripts/code-cache.mjs')], { stdio: 'inherit' });
