import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin } from 'vite';

const alias = { '@shared': resolve(__dirname, 'src-shared') };

/**
 * `npm run dev` only: Vite's dev server injects component styles inline and uses a WebSocket, so the
 * page's meta CSP is relaxed to match DEV_CONTENT_SECURITY_POLICY (src-main/security.ts). Builds keep
 * the strict policy of index.html untouched.
 */
const devServerCsp: Plugin = {
  name: 'meanfield-dev-csp',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace("connect-src 'self'", "connect-src 'self' ws://localhost:* ws://127.0.0.1:*"),
};

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      outDir: 'out/main',
      // The main process, worker and CLI bundle their libraries (ml-matrix from its ES modules, yaml):
      // loading ml-matrix's CommonJS build cost every command a 150 kB parse and an export scan, and
      // the packaged app then needs no node_modules at all.
      externalizeDeps: { exclude: ['ml-matrix', 'yaml'] },
      rolldownOptions: {
        // index: Electron main; worker: engine jobs (worker_threads); network-worker: a shard of a spiking
        // network. The headless `meanfield` command is built by scripts/build-cli.mjs (one file, with
        // V8's code cache).
        input: {
          index: resolve(__dirname, 'src-main/index.ts'),
          worker: resolve(__dirname, 'src-main/engine/worker.ts'),
          'network-worker': resolve(__dirname, 'src-main/engine/network/worker.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      outDir: 'out/preload',
      lib: { entry: resolve(__dirname, 'src-main/preload.ts'), formats: ['cjs'] },
      rolldownOptions: { output: { entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: 'src-renderer',
    resolve: { alias },
    plugins: [svelte(), devServerCsp],
    build: {
      outDir: 'out/renderer',
      rolldownOptions: { input: resolve(__dirname, 'src-renderer/index.html') },
    },
  },
});
