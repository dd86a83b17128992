/**
 * Page helpers shared by the end-to-end tests (project files, curves, cycles): tracing,
 * drag-zoom, what the user sees (charts, forms, lists, view), and waiting for the status bar's file
 * name and dirty marker.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { chartData, fill } from './harness';

/** The browser globals the page-side callbacks use (the node tsconfig has no DOM library). */
interface Doc {
  document: {
    querySelectorAll(s: string): { length: number };
    querySelector(s: string): { getAttribute(n: string): string | null } | null;
  };
}

/** Clicks Trace and waits until the branch list holds `n` branches and no job is running. */
export async function traceAndWait(page: Page, n: number): Promise<void> {
  await page.getByTestId('trace').click();
  await page.waitForFunction(
    (count) => {
      const d = (globalThis as unknown as Doc).document;
      return (
        d.querySelectorAll('[data-testid="branch-item"]').length === count && d.querySelector('[data-testid="status"]')?.getAttribute('data-phase') === 'idle'
      );
    },
    n,
    { timeout: 60_000 },
  );
}

/** Traces the g-branch of ik_nodim at I_ext = 0.15 over g in [0, 3] (both Hopf points on it) in the bifurcation view. */
export async function traceSeedBranch(page: Page): Promise<void> {
  await fill(page, 'input-I_ext-baseline', '0.15');
  await page.getByTestId('view-bifurcation').click();
  await fill(page, 'cont-from', '0');
  await fill(page, 'cont-to', '3');
  await traceAndWait(page, 1);
}

/** Waits until the page lists `n` runs. */
export async function waitRuns(page: Page, n: number, timeout = 30_000): Promise<void> {
  await page.waitForFunction((count) => (globalThis as unknown as Doc).document.querySelectorAll('[data-testid="run-item"]').length === count, n, {
    timeout,
    polling: 100,
  });
}

/** Drags across the middle of the element `selector` (a uPlot drag-zoom). */
export async function dragZoom(page: Page, selector: string, from: number, to: number): Promise<void> {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not visible`);
  const y = box.y + box.height * 0.5;
  await page.mouse.move(box.x + box.width * from, y - 30);
  await page.mouse.down();
  await page.mouse.move(box.x + (box.width * (from + to)) / 2, y, { steps: 4 });
  await page.mouse.move(box.x + box.width * to, y + 30, { steps: 4 });
  await page.mouse.up();
}

/** What the user sees: chart data and ranges, forms, lists, the view. */
export async function observe(page: Page) {
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

/** The file name the status bar shows (without its dirty dot) and its data-dirty flag. */
export async function fileStatus(page: Page): Promise<[string | null, string | null]> {
  const file = page.getByTestId('status-file');
  const text = await file.textContent();
  return [text === null ? null : text.replace(/\s*•\s*$/, ''), await file.getAttribute('data-dirty')];
}

/** Waits until the status bar shows `name` with no unsaved changes. */
export async function waitSaved(page: Page, name: string): Promise<void> {
  await expect.poll(() => fileStatus(page)).toEqual([name, 'false']);
}
