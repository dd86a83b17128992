import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Compiles the renderer's state modules (*.svelte.ts, runes) so their logic can be tested in Node.
  plugins: [svelte({ configFile: false })],
  resolve: { alias: { '@shared': resolve(__dirname, 'src-shared') } },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // expect.poll waits for what the app does asynchronously (a worker cancelling, a chart redrawing); on a
    // loaded 2-core machine one second is not always enough, and a correct app answers well within ten.
    expect: { poll: { timeout: 10_000 } },
  },
});
