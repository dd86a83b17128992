/**
 * Screenshots of the seed example for the README, made by driving the built renderer in headless
 * Chromium with the real handlers (test/e2e/harness.ts). Run with `npm run screenshots` (builds first).
 *
 * Writes docs/screenshots/ (1400 x 900):
 *   simulation.png        ik_nodim, I_ext = 0.15 except 0 on [400, 600), g = 0.5 and g = 1.5 overlaid
 *   simulation-dark.png   the same in dark mode, cursor read-out shown, v plotted too
 *   invalid-parameter.png an invalid value (tau = -1) refused next to its field
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { fill, openStudio, ROOT, runAndWait, setSeedScenario, tidyView } from '../test/e2e/harness';

const OUT = join(ROOT, 'docs/screenshots');
const VIEWPORT = { width: 1400, height: 900 };

async function seedRuns(page: Page): Promise<void> {
  await setSeedScenario(page, { g: 0.5 });
  await runAndWait(page, 1);
  await fill(page, 'param-g', '1.5');
  await runAndWait(page, 2);
  // Show the top of the sidebar (model and equations) and leave no field focused.
  await tidyView(page);
}

/** Moves the mouse over panel `variable` at fraction `fx` of its width (cursor read-out). */
async function hover(page: Page, variable: string, fx: number): Promise<void> {
  const box = await page.locator(`[data-testid="panel-${variable}"] .u-over`).boundingBox();
  if (!box) return;
  await page.mouse.move(box.x + box.width * fx, box.y + box.height * 0.5, { steps: 4 });
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });

  const light = await openStudio({ viewport: VIEWPORT, colorScheme: 'light' });
  try {
    await seedRuns(light.page);
    await light.page.mouse.move(0, 0);
    await light.page.screenshot({ path: join(OUT, 'simulation.png') });
    if (light.errors.length > 0) throw new Error(`page errors: ${light.errors.join('; ')}`);
  } finally {
    await light.close();
  }

  const dark = await openStudio({ viewport: VIEWPORT, colorScheme: 'dark' });
  try {
    await seedRuns(dark.page);
    await dark.page.getByTestId('plot-v').check();
    await hover(dark.page, 'r', 0.24);
    await dark.page.screenshot({ path: join(OUT, 'simulation-dark.png') });
  } finally {
    await dark.close();
  }

  const invalid = await openStudio({ viewport: VIEWPORT, colorScheme: 'light' });
  try {
    await fill(invalid.page, 'param-tau', '-1');
    await fill(invalid.page, 'param-g', '1.5');
    await tidyView(invalid.page);
    await invalid.page.screenshot({ path: join(OUT, 'invalid-parameter.png') });
  } finally {
    await invalid.close();
  }
  console.log(`screenshots written to ${OUT}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
