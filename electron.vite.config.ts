import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const alias = { '@shared': resolve(__dirname, 'src-shared') };

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      outDir: 'out/main',
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
    plugins: [svelte()],
    build: {
      outDir: 'out/renderer',
      rolldownOptions: { input: resolve(__dirname, 'src-renderer/index.html') },
    },
  },
});
