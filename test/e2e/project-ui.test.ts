/**
 * End to end: saving and reopening a project in headless Chromium with the real handlers, file
 * services and engine workers (see harness.ts; the harness answers the native dialogs). Runs,
 * traces, zooms, saves with Ctrl+S, reloads the renderer, opens with Ctrl+O and compares what the
 * charts and forms hold; a corrupt file gives a clear error and leaves the project as it was; New
 * with unsaved changes asks, and Cancel keeps everything.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { chartData, fill, openStudio, runAndWait, type StudioSession } from './harness';

let session: StudioSession | null = null;

afterEach(async () => {
  await session?.close();
  session = null;
});

async function traceAndWait(page: Page, n: number): Promise<void> {
  await page.getByTestId('trace').click();
  await page.waitForFunction(
    (count) => {
      const d = (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number }; querySelector(s: string): { getAttribute(n: string): string | null } | null } }).document;
      return d.querySelectorAll('[data-testid="branch-item"]').length === count && d.querySelector('[data-testid="status"]')?.getAttribute('data-phase') === 'idle';
    },
    n,
    { timeout: 60_000 },
  );
}

/** Drags across the middle of the element `selector` (a uPlot drag-zoom). */
async function dragZoom(page: Page, selector: string, from: number, to: number): Promise<void> {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not visible`);
  const y = box.y + box.height * 0.5;
  await page.mouse.move(box.x + box.width * from, y - 30);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * (from + to) / 2, y, { steps: 4 });
  await page.mouse.move(box.x + box.width * to, y + 30, { steps: 4 });
  await page.mouse.up();
}

/** What the user sees: chart data and ranges, forms, lists, the view. */
async function observe(page: Page) {
  const charts = (await chartData(page)).sort((a, b) => a.name.localeCompare(b.name));
  const values = async (ids: string[]) =>
    Promise.all(ids.map(async (id) => ((await page.getByTestId(id).count()) > 0 ? page.getByTestId(id).inputValue() : null)));
  return {
    charts,
    legends: await page.getByTestId('legend-label').allTextContents(),
    runs: await page.getByTestId('run-item').count(),
    branches: await page.getByTestId('branch-item').count(),
    form: await values(['param-g', 'param-eta', 'input-I_ext-baseline', 'solver-tEnd', 'solver-dt', 'cont-param', 'cont-from', 'cont-to']),
    views: await Promise.all(['timeseries', 'bifurcation', 'split'].map((v) => page.getByTestId(`view-${v}`).getAttribute('aria-selected'))),
  };
}

async function waitSaved(page: Page, name: string): Promise<void> {
  const file = page.getByTestId('status-file');
  await expect.poll(async () => [await file.textContent(), await file.getAttribute('data-dirty')]).toEqual([name, 'false']);
}

describe('project files in the UI', () => {
  it('saves with Ctrl+S, reloads, opens with Ctrl+O and shows the same runs, branches, forms and view', async () => {
    const s = (session = await openStudio());
    const { page } = s;
    await fill(page, 'input-I_ext-baseline', '0.15');
    await fill(page, 'solver-tEnd', '60');
    await fill(page, 'param-g', '0.5');
    await runAndWait(page, 1);
    await fill(page, 'param-g', '1.5');
    await runAndWait(page, 2);
    await page.getByTestId('view-split').click();
    await fill(page, 'cont-from', '0');
    await fill(page, 'cont-to', '3');
    await traceAndWait(page, 1);
    // A typed draft that does not parse survives the round trip verbatim.
    await fill(page, 'param-eta', '-5e');
    await dragZoom(page, '[data-testid="panel-r"] .u-over', 0.2, 0.6);
    await dragZoom(page, '[data-testid="bifurcation-chart"] .u-over', 0.15, 0.7);
    expect(await page.getByTestId('status-file').getAttribute('data-dirty')).toBe('true');
    const before = await observe(page);
    const ts = before.charts.find((c) => c.name === 'timeseries:r')!;
    expect(ts.xRange[1] - ts.xRange[0]).toBeLessThan(50);
    expect(before.charts.some((c) => c.name === 'bifurcation')).toBe(true);

    const file = join(s.exportDir, 'session.mfproj');
    s.dialogs.savePaths.push(file);
    await page.keyboard.press('Control+s');
    await waitSaved(page, 'session.mfproj');
    expect(existsSync(file)).toBe(true);
    expect(s.count('saveProject')).toBe(1);

    await page.reload();
    await page.getByTestId('param-g').waitFor();
    expect(await page.getByTestId('run-item').count()).toBe(0);

    s.dialogs.openPaths.push(file);
    await page.keyboard.press('Control+o');
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('[data-testid="run-item"]').length === 2);
    await waitSaved(page, 'session.mfproj');
    await expect.poll(async () => (await chartData(page)).length).toBe(before.charts.length);
    const after = await observe(page);
    expect(after).toEqual(before);

    // A corrupt file: a clear error naming the problem; the open project stays as it was.
    const bad = join(s.exportDir, 'broken.mfproj');
    writeFileSync(bad, readFileSync(file, 'utf8').slice(0, 5000));
    s.dialogs.openPaths.push(bad);
    await page.keyboard.press('Control+o');
    await page.getByTestId('open-error').waitFor();
    expect(await page.getByTestId('open-error-message').textContent()).toMatch(/Could not open broken\.mfproj: .*(JSON|truncated)/);
    expect(await observe(page)).toEqual(before);
    await waitSaved(page, 'session.mfproj');
    expect(s.errors).toEqual([]);
  });

  it('asks before New replaces unsaved changes; Cancel keeps everything, Don\'t Save clears', async () => {
    const s = (session = await openStudio());
    const { page } = s;
    await fill(page, 'solver-tEnd', '20');
    await runAndWait(page, 1);
    await fill(page, 'param-g', '0.9');
    expect(await page.getByTestId('status-file').getAttribute('data-dirty')).toBe('true');
    const before = await observe(page);

    s.dialogs.confirms.push('cancel');
    await page.keyboard.press('Control+n');
    await expect.poll(() => s.count('confirmDiscard')).toBe(1);
    expect(await observe(page)).toEqual(before);
    expect(await page.getByTestId('status-file').getAttribute('data-dirty')).toBe('true');

    // The same through the menu-command path main's File menu uses.
    s.dialogs.confirms.push('discard');
    s.menu.push({ kind: 'new' });
    await expect.poll(() => page.getByTestId('run-item').count()).toBe(0);
    expect(await page.getByTestId('param-g').inputValue()).not.toBe('0.9');
    await waitSaved(page, 'Untitled');
    expect(s.errors).toEqual([]);
  });
});
