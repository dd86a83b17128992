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
      // yaml (PyRates model files, also the built-in templates) is bundled: its CommonJS build is
      // ~90 small files whose loading would add to the start-up of every process and worker.
      externalizeDeps: { exclude: ['yaml'] },
      rolldownOptions: {
        // index: Electron main; worker: engine jobs (worker_threads); cli: the headless `meanfield` command.
        input: {
          index: resolve(__dirname, 'src-main/index.ts'),
          worker: resolve(__dirname, 'src-main/engine/worker.ts'),
          cli: resolve(__dirname, 'src-main/cli/main.ts'),
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
