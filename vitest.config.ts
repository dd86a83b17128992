import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
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
