/**
 * Screenshots of the seed example for the README, made by driving the built renderer in headless
 * Chromium with the real handlers (test/e2e/harness.ts). Run with `npm run screenshots` (builds first).
 *
 * Writes docs/screenshots/ (1400 x 900):
 *   simulation.png        ik_nodim, I_ext = 0.15 except 0 on [400, 600), g = 0.5 and g = 1.5 overlaid
 *   simulation-dark.png   the same in dark mode, cursor read-out shown, v plotted too
 *   invalid-parameter.png an invalid value (tau = -1) refused next to its field
 *   bifurcation.png       g traced over [0, 3] at I_ext = 0.15: HB1 (supercritical), HB2 (subcritical),
 *                         the unstable stretch dashed, the read-out of a point under the mouse
 *   model-editor.png      a copy of ik_nodim in the model editor, a typo marked at its column, the
 *                         other equations rendered as mathematics
 *   two-parameter.png     the Hopf curve of ik_nodim from HB1 of the g-branch (I_ext = 0.15) continued
 *                         in (g, eta), the branch's HB1 and HB2 on it, the current point, a point read out
 *   cycles.png            the limit cycles of ik_nodim born at HB1 of the g-branch (I_ext = 0.15): max and
 *                         min of r over each orbit, stable solid and unstable dashed, the fold of cycles
 *                         LPC1 read out under the mouse, the family's special points below
 * `npm run screenshots -- model-editor` (or `-- two-parameter`, `-- cycles`) makes only that one.
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

/** The model editor on a copy of ik_nodim with a typo in v' (the error marked at its column). */
async function modelEditor(): Promise<void> {
  const s = await openStudio({ viewport: VIEWPORT, colorScheme: 'light' });
  try {
    const { page } = s;
    await page.getByTestId('model-duplicate').click();
    const eq = page.getByTestId('equations-1-text');
    await eq.fill((await eq.inputValue()).replace('alpha*v', 'alpha*w'));
    await page.getByTestId('equations-1-issue').waitFor();
    await page.getByTestId('editor-equations').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(OUT, 'model-editor.png') });
    if (s.errors.length > 0) throw new Error(`page errors: ${s.errors.join('; ')}`);
  } finally {
    await s.close();
  }
}

/** The two-parameter view: the Hopf curve from HB1 in (g, eta), a point of it read out under the mouse. */
async function twoParameter(): Promise<void> {
  const s = await openStudio({ viewport: VIEWPORT, colorScheme: 'light' });
  try {
    const { page } = s;
    await fill(page, 'input-I_ext-baseline', '0.15');
    await page.getByTestId('view-bifurcation').click();
    await fill(page, 'cont-from', '0');
    await fill(page, 'cont-to', '3');
    await page.getByTestId('trace').click();
    await page.getByTestId('continue-HB1').click();
    await fill(page, 'curve-q-from', '-2');
    await fill(page, 'curve-q-to', '2');
    await page.getByTestId('curve-start').click();
    await page.getByTestId('curve-item').waitFor();
    await page.getByTestId('status').and(page.locator('[data-phase="idle"]')).waitFor();
    await tidyView(page);
    const box = await page.locator('[data-testid="two-param-chart"] .u-over').boundingBox();
    // Hover a point of the curve's upper arc (its pixel position from the chart's data and ranges).
    const target = await page.evaluate(() => {
      type Snap = { name: string; facets: { x: number[]; y: number[] }[]; xRange: number[]; yRange: number[] };
      const charts = (globalThis as unknown as { __mfTest: { charts(): Snap[] } }).__mfTest.charts();
      const d = charts.find((c) => c.name === 'two-parameter')!;
      const f = d.facets.reduce((a, b) => (b.x.length > a.x.length ? b : a));
      const i = f.y.indexOf(Math.max(...f.y));
      return { fx: (f.x[i] - d.xRange[0]) / (d.xRange[1] - d.xRange[0]), fy: 1 - (f.y[i] - d.yRange[0]) / (d.yRange[1] - d.yRange[0]) };
    });
    if (box) await page.mouse.move(box.x + box.width * target.fx, box.y + box.height * target.fy, { steps: 4 });
    await page.screenshot({ path: join(OUT, 'two-parameter.png') });
    if (s.errors.length > 0) throw new Error(`page errors: ${s.errors.join('; ')}`);
  } finally {
    await s.close();
  }
}

/** The family of limit cycles from HB1 of the g-branch on the diagram, its fold of cycles read out under the mouse. */
async function cycles(): Promise<void> {
  const s = await openStudio({ viewport: VIEWPORT, colorScheme: 'light' });
  try {
    const { page } = s;
    await fill(page, 'input-I_ext-baseline', '0.15');
    await page.getByTestId('view-bifurcation').click();
    await fill(page, 'cont-from', '0');
    await fill(page, 'cont-to', '3');
    await page.getByTestId('trace').click();
    await page.getByTestId('cycles-HB1').click();
    await page.getByTestId('cycle-start').click();
    await page.getByTestId('cycle-item').waitFor();
    await page.getByTestId('status').and(page.locator('[data-phase="idle"]')).waitFor();
    await tidyView(page);
    const box = await page.locator('[data-testid="bifurcation-chart"] .u-over').boundingBox();
    const target = await page.evaluate(() => {
      type Snap = { name: string; marks: { type: string; x: number; y: number }[]; xRange: number[]; yRange: number[] };
      const charts = (globalThis as unknown as { __mfTest: { charts(): Snap[] } }).__mfTest.charts();
      const d = charts.find((c) => c.name === 'bifurcation')!;
      const m = d.marks.find((q) => q.type === 'LPC')!;
      return { fx: (m.x - d.xRange[0]) / (d.xRange[1] - d.xRange[0]), fy: 1 - (m.y - d.yRange[0]) / (d.yRange[1] - d.yRange[0]) };
    });
    if (box) await page.mouse.move(box.x + box.width * target.fx, box.y + box.height * target.fy, { steps: 4 });
    await page.screenshot({ path: join(OUT, 'cycles.png') });
    if (s.errors.length > 0) throw new Error(`page errors: ${s.errors.join('; ')}`);
  } finally {
    await s.close();
  }
}

const SINGLE: Record<string, () => Promise<void>> = { 'model-editor': modelEditor, 'two-parameter': twoParameter, cycles };

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const only = SINGLE[process.argv[2] ?? ''];
  if (only) {
    await only();
    console.log(`screenshot written to ${OUT}`);
    return;
  }

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
  const bif = await openStudio({ viewport: VIEWPORT, colorScheme: 'light' });
  try {
    const { page } = bif;
    await fill(page, 'input-I_ext-baseline', '0.15');
    await page.getByTestId('view-bifurcation').click();
    await fill(page, 'cont-from', '0');
    await fill(page, 'cont-to', '3');
    await page.getByTestId('trace').click();
    await page.getByTestId('special-row-HB1').waitFor();
    await tidyView(page);
    const box = await page.locator('[data-testid="bifurcation-chart"] .u-over').boundingBox();
    // Hover a point of the unstable stretch (its pixel position from the chart's data and ranges).
    const target = await page.evaluate(() => {
      type Snap = { name: string; facets: { x: number[]; y: number[]; dashed: boolean }[]; xRange: number[]; yRange: number[] };
      const charts = (globalThis as unknown as { __mfTest: { charts(): Snap[] } }).__mfTest.charts();
      const d = charts.find((c) => c.name === 'bifurcation')!;
      const f = d.facets.find((q) => q.dashed)!;
      const i = Math.floor(f.x.length * 0.6);
      return { fx: (f.x[i] - d.xRange[0]) / (d.xRange[1] - d.xRange[0]), fy: 1 - (f.y[i] - d.yRange[0]) / (d.yRange[1] - d.yRange[0]) };
    });
    if (box) await page.mouse.move(box.x + box.width * target.fx, box.y + box.height * target.fy, { steps: 4 });
    await page.screenshot({ path: join(OUT, 'bifurcation.png') });
    if (bif.errors.length > 0) throw new Error(`page errors: ${bif.errors.join('; ')}`);
  } finally {
    await bif.close();
  }
  await modelEditor();
  await twoParameter();
  await cycles();
  console.log(`screenshots written to ${OUT}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
