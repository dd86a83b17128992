/**
 * End to end at 1280 x 800 (a common laptop window): Side by side keeps both charts usable, no
 * toolbar text is cut, the split handle works from the keyboard, the empty diagram's hint is one
 * paragraph, branches traced at different g say which g they belong to, "simulate here" at a Hopf
 * point explains itself, and the Scenario menu puts a literature scenario into the form.
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { chartData, fill, openStudio, runAndWait, type StudioSession } from './harness';

let session: StudioSession | null = null;
afterEach(async () => {
  await session?.close();
  session = null;
});

const VIEWPORT = { width: 1280, height: 800 };

async function waitIdle(page: Page, selector: string, n: number): Promise<void> {
  await page.waitForFunction(
    ([sel, count]) => {
      const d = (
        globalThis as unknown as {
          document: { querySelectorAll(s: string): { length: number }; querySelector(s: string): { getAttribute(n: string): string | null } | null };
        }
      ).document;
      return d.querySelectorAll(sel).length === count && d.querySelector('[data-testid="status"]')?.getAttribute('data-phase') === 'idle';
    },
    [selector, n] as [string, number],
    { timeout: 60_000, polling: 100 },
  );
}

/** Texts in the views' toolbars wider than their box (cut or overflowing), as "tag: text". */
async function overflowingToolbarTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    type El = { scrollWidth: number; clientWidth: number; tagName: string; textContent: string | null; querySelectorAll(s: string): ArrayLike<El> };
    const d = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<El> } }).document;
    const bad: string[] = [];
    for (const bar of Array.from(d.querySelectorAll('.view-toolbar'))) {
      for (const el of [bar, ...Array.from(bar.querySelectorAll('*'))]) {
        if (el.tagName === 'svg' || el.tagName === 'line' || el.tagName === 'path' || el.tagName === 'rect' || el.tagName === 'circle') continue;
        if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth) bad.push(`${el.tagName}: ${el.textContent?.trim()}`);
      }
    }
    return bad;
  });
}

describe('layout at 1280 x 800', () => {
  it('Side by side: the diagram keeps >= 40 % of the window, toolbars wrap instead of cutting, the handle moves with the keyboard', async () => {
    const s = (session = await openStudio({ viewport: VIEWPORT }));
    const { page } = s;
    await fill(page, 'solver-tEnd', '100');
    await fill(page, 'input-I_ext-baseline', '0.15');
    await runAndWait(page, 1);
    await page.getByTestId('view-split').click();
    await page.getByTestId('cont-param').selectOption('eta');
    await page.getByTestId('trace').click();
    await waitIdle(page, '[data-testid="branch-item"]', 1);

    const diagram = (await page.getByTestId('bifurcation-view').boundingBox())!;
    expect(diagram.width).toBeGreaterThanOrEqual(0.4 * VIEWPORT.width);
    const series = (await page.locator('.pane').first().boundingBox())!;
    expect(series.width).toBeGreaterThanOrEqual(0.3 * VIEWPORT.width);
    expect(await overflowingToolbarTexts(page)).toEqual([]);

    // The lists are folded on this width; the button brings them back.
    expect(await page.locator('#lists').isVisible()).toBe(false);
    await page.getByTestId('lists-toggle').click();
    expect(await page.locator('#lists').isVisible()).toBe(true);
    expect(await overflowingToolbarTexts(page)).toEqual([]);
    await page.getByTestId('lists-toggle').click();

    // Keyboard: the handle is a focusable separator whose value follows the arrow keys.
    const handle = page.getByTestId('split-handle');
    const before = Number(await handle.getAttribute('aria-valuenow'));
    await handle.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(Number(await handle.getAttribute('aria-valuenow'))).toBe(before + 4);
    const wider = (await page.locator('.pane').first().boundingBox())!;
    expect(wider.width).toBeGreaterThan(series.width + 20);
    await page.keyboard.press('Home');
    expect(await handle.getAttribute('aria-valuenow')).toBe('25');
    expect(s.errors).toEqual([]);
  });

  it('the empty diagram hint is one paragraph; branches at different g are named by g; a Hopf point explains its run', async () => {
    const s = (session = await openStudio({ viewport: VIEWPORT }));
    const { page } = s;
    await page.getByTestId('view-bifurcation').click();
    const hint = page.getByTestId('diagram-empty');
    expect(await hint.locator('> *').count()).toBe(1);
    const para = (await hint.locator('p').boundingBox())!;
    const box = (await hint.boundingBox())!;
    // One block of text, not columns: the paragraph spans most of the width and holds all of the hint.
    expect(para.width).toBeGreaterThan(0.5 * box.width);
    expect(await hint.locator('p').textContent()).toContain('Pick a parameter');

    await fill(page, 'input-I_ext-baseline', '0.15');
    await page.getByTestId('cont-param').selectOption('eta');
    await page.getByTestId('trace').click();
    await waitIdle(page, '[data-testid="branch-item"]', 1);
    await fill(page, 'param-g', '1.5');
    await page.getByTestId('trace').click();
    await waitIdle(page, '[data-testid="branch-item"]', 2);
    expect(await page.getByTestId('branch-label').allTextContents()).toEqual(['eta ∈ [-1, 1] · g = 0.5', 'eta ∈ [-1, 1] · g = 1.5']);

    // Simulate at HB1 of g: a window of many periods, and a note saying why it looks as it does.
    await page.getByTestId('cont-param').selectOption('g');
    await fill(page, 'param-g', '0.5');
    await fill(page, 'cont-from', '0');
    await fill(page, 'cont-to', '3');
    await page.getByTestId('trace').click();
    await waitIdle(page, '[data-testid="branch-item"]', 3);
    await page.getByTestId('special-row-HB1').click();
    await waitIdle(page, '[data-testid="run-item"]', 1);
    const note = await page.getByTestId('run-note').textContent();
    expect(note).toMatch(/HB1 at g = 0\.67/);
    expect(note).toMatch(/neutral to first order/);
    const tEnd = Number(await page.getByTestId('solver-tEnd').inputValue());
    expect(tEnd).toBeGreaterThanOrEqual(30 * 125);
    // The run shows the oscillation: r swings by more than 1 % of its mean over the first periods.
    const r = (await chartData(page)).find((c) => c.name === 'timeseries:r')!;
    const first = r.ys[0].filter((v, i): v is number => v !== null && r.x[i] < 1000);
    const mean = first.reduce((a, b) => a + b, 0) / first.length;
    expect(Math.max(...first) - Math.min(...first)).toBeGreaterThan(0.01 * mean);
    expect(s.errors).toEqual([]);
  });

  it('the Scenario menu puts a literature scenario into the form, Reset all undoes it, and the run bursts', async () => {
    const s = (session = await openStudio({ viewport: VIEWPORT }));
    const { page } = s;
    await page.getByTestId('model-picker').selectOption('ik_theta');
    await page.getByTestId('scenario-picker').selectOption('strong-adaptation');
    expect(await page.getByTestId('param-d').inputValue()).toBe('200');
    expect(await page.getByTestId('param-k').inputValue()).toBe('0.7');
    expect(await page.getByTestId('input-I_ext-baseline').inputValue()).toBe('80');
    expect(await page.getByTestId('solver-tEnd').inputValue()).toBe('2000');
    expect(await page.getByTestId('scenario-note').textContent()).toContain('Source: Gast, Solla & Kennedy');
    await runAndWait(page, 1);
    const r = (await chartData(page)).find((c) => c.name === 'timeseries:r')!;
    const late = r.ys[0].filter((v, i): v is number => v !== null && r.x[i] >= 1000);
    expect(Math.max(...late) / Math.min(...late)).toBeGreaterThan(10);

    await page.getByTestId('reset-params').click();
    expect(await page.getByTestId('param-d').inputValue()).toBe('10');
    expect(await page.getByTestId('param-k').inputValue()).toBe('1');
    expect(await page.getByTestId('scenario-note').count()).toBe(0);
    expect(s.errors).toEqual([]);
  });
});
