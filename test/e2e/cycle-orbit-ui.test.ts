/**
 * End to end: "Continue this cycle" and the orbit of a selected cycle, in headless Chromium with
 * the real handlers and engine workers (see harness.ts). A run that settles on a steady state (the
 * asynchronous scenario) is refused by the engine with the reason; the oscillating scenario of
 * ik_nodim (g = 1.5) is continued in g, the family appears from the run, and the cycle at the run's
 * g, selected on the diagram (which offers its orbit), shows its orbit over one period in the time
 * series and the phase portrait, where it lies on the run's oscillation; Esc or the note's ✕
 * deselects it and hides both.
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { fill, openStudio, runAndWait, type StudioSession } from './harness';

interface Snapshot {
  name: string;
  labels: string[];
  x: number[];
  ys: (number | null)[][];
  facets?: { x: number[]; y: (number | null)[]; dashed: boolean }[];
  marks?: { label: string; type: string; x: number; y: number }[];
  xRange: [number, number];
  yRange?: [number, number];
}

let session: StudioSession | null = null;
afterEach(async () => {
  await session?.close();
  session = null;
});

/** The snapshot of chart `name` (filtered in the page: the runs' charts hold 10^5 samples each). */
async function chart(page: Page, name: string): Promise<Snapshot | undefined> {
  const found = await page.evaluate((n) => {
    const hook = (globalThis as unknown as { __mfTest: { charts(): { name: string }[] } }).__mfTest;
    return hook.charts().find((c) => c.name === n);
  }, name);
  return found as Snapshot | undefined;
}

/** Clicks the bifurcation diagram at values (x, y) (without dragging). */
async function clickAt(page: Page, x: number, y: number): Promise<void> {
  const d = (await chart(page, 'bifurcation'))!;
  const box = (await page.locator('[data-testid="bifurcation-chart"] .u-over').boundingBox())!;
  const fx = (x - d.xRange[0]) / (d.xRange[1] - d.xRange[0]);
  const fy = 1 - (y - d.yRange![0]) / (d.yRange![1] - d.yRange![0]);
  await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy, { steps: 3 });
  await page.mouse.down();
  await page.mouse.up();
}

/** Waits until `n` families are listed and no job runs. */
async function waitCycles(page: Page, n: number): Promise<void> {
  await page.waitForFunction(
    (count) => {
      const d = (
        globalThis as unknown as {
          document: { querySelectorAll(s: string): { length: number }; querySelector(s: string): { getAttribute(n: string): string | null } | null };
        }
      ).document;
      return (
        d.querySelectorAll('[data-testid="cycle-item"]').length === count && d.querySelector('[data-testid="status"]')?.getAttribute('data-phase') === 'idle'
      );
    },
    n,
    { timeout: 90_000, polling: 100 },
  );
}

describe('continue this cycle', () => {
  it('continues the oscillation of a run in g and shows a selected cycle over one period in the time series and the phase portrait', async () => {
    const s = (session = await openStudio({ viewport: { width: 1600, height: 1000 } }));
    const { page } = s;

    // A run that settles on a steady state (its oscillation after the input window decays): the engine says so, no family.
    // Samples every 0.1 (10^4 per run) keep the charts light for the test hook.
    await page.getByTestId('scenario-picker').selectOption('asynchronous');
    await fill(page, 'solver-sample', '0.1');
    await runAndWait(page, 1);
    await page.getByTestId('continue-cycle').click();
    await fill(page, 'run-cycle-from', '0');
    await fill(page, 'run-cycle-to', '3');
    await page.getByTestId('run-cycle-start').click();
    await page.getByTestId('run-cycle-error').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('run-cycle-error').textContent()).toMatch(/The run settles on a steady state .*not on an oscillation/);
    expect(await page.getByTestId('cycle-item').count()).toBe(0);

    // The oscillating scenario (g = 1.5): continued in g over [0, 3].
    await page.getByTestId('scenario-picker').selectOption('oscillating');
    await fill(page, 'solver-sample', '0.1');
    await runAndWait(page, 2);
    await page.getByTestId('continue-cycle').click();
    expect(await page.getByTestId('run-cycle-param').inputValue()).toBe('g');
    await fill(page, 'run-cycle-from', '0');
    await fill(page, 'run-cycle-to', '3');
    expect(await page.getByTestId('run-cycle-issue').count()).toBe(0);
    await page.getByTestId('run-cycle-to').press('Enter');
    await waitCycles(page, 1);
    expect(s.countJobs('cycle')).toBe(2);
    expect(await page.getByTestId('cycle-label').textContent()).toBe('Cycles from run 2 in g');

    // On the diagram: the family through the run, from near HB1 (g = 0.671) to near HB2 (g = 1.989), passing g = 1.5.
    await page.getByTestId('view-bifurcation').click();
    await expect.poll(async () => (await chart(page, 'bifurcation'))?.labels.some((l) => l.includes('Cycles from run 2')) ?? false).toBe(true);
    const d = (await chart(page, 'bifurcation'))!;
    const maxStable = d.facets![d.labels.findIndex((l) => l.endsWith('Cycles from run 2 in g · max · stable'))];
    const k = maxStable.x.indexOf(1.5);
    expect(k).toBeGreaterThanOrEqual(0);
    expect(Math.min(...maxStable.x)).toBeLessThan(0.7);
    const rMax = maxStable.y[k] as number;

    // Select the cycle at the run's g = 1.5: the diagram alone offers its orbit, shown side by side.
    await clickAt(page, 1.5, rMax);
    await page.getByTestId('orbit-hint').waitFor();
    expect(await page.getByTestId('orbit-hint').textContent()).toContain('Selected: cycle g = 1.5, one period T = 199.3');
    await page.getByTestId('orbit-show').click();
    await page.getByTestId('orbit-note').waitFor();
    expect((await page.getByTestId('orbit-note').textContent())!.replace(/\s+/g, ' ')).toMatch(
      /Cycles from run 2 in g, point \d+, stable\): cycle g = 1\.5, one period T = 199\.3/,
    );
    await page.getByTestId('phase-portrait').waitFor();
    const ts = (await chart(page, 'timeseries:r'))!;
    const io = ts.labels.findIndex((l) => l.startsWith('cycle g = 1.5'));
    expect(io).toBe(ts.labels.length - 1);
    const orbitT = ts.x.filter((_, i) => ts.ys[io][i] !== null);
    const orbitR = ts.ys[io].filter((v): v is number => v !== null);
    expect(orbitT[0]).toBe(0);
    // One period at AUTO-07p's T = 199.26368578 (test/fixtures/reference/ik_nodim_cycles_g_Iext0.15.json).
    expect(Math.abs(orbitT[orbitT.length - 1] - 199.26368578)).toBeLessThan(1e-4);
    // The run's oscillation after the input window (t >= 800) peaks where the orbit does.
    const runR = ts.ys[ts.labels.findIndex((l) => !l.startsWith('cycle') && l.includes('1.5'))];
    const settled = runR.filter((v, i): v is number => v !== null && ts.x[i] >= 800);
    expect(Math.abs(Math.max(...orbitR) - Math.max(...settled)) / Math.max(...settled)).toBeLessThan(2e-3);
    expect(Math.abs(Math.min(...orbitR) - Math.min(...settled)) / Math.min(...settled)).toBeLessThan(2e-3);

    // The phase portrait: r against v by default, the orbit on top; another variable on y redraws it.
    let phase = (await chart(page, 'phase'))!;
    expect(phase.labels.at(-1)).toMatch(/^cycle g = 1\.5/);
    const orbitFacet = phase.facets!.at(-1)!;
    expect(orbitFacet.x).toEqual(orbitR);
    await page.getByTestId('phase-y').selectOption('u');
    await expect.poll(async () => (await chart(page, 'phase'))?.facets?.at(-1)?.y).not.toEqual(orbitFacet.y);
    phase = (await chart(page, 'phase'))!;
    expect(Math.min(...(phase.facets!.at(-1)!.y as number[]))).toBeGreaterThan(0.05);

    // Esc deselects the cycle: the orbit leaves the time series and the portrait closes; so does the note's ✕.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('orbit-note').count()).toBe(0);
    expect(await page.getByTestId('phase-portrait').count()).toBe(0);
    await clickAt(page, 1.5, rMax);
    await page.getByTestId('orbit-note').waitFor();
    await page.getByTestId('orbit-close').click();
    await expect.poll(async () => (await chart(page, 'timeseries:r'))?.labels.some((l) => l.startsWith('cycle')) ?? true).toBe(false);
    expect(await page.getByTestId('phase-portrait').count()).toBe(0);
    expect(await page.getByTestId('orbit-note').count()).toBe(0);
    // The portrait by choice: the runs alone.
    await page.getByTestId('phase-toggle').check();
    await page.getByTestId('phase-portrait').waitFor();
    expect((await chart(page, 'phase'))!.labels.some((l) => l.startsWith('cycle'))).toBe(false);
    expect(s.errors).toEqual([]);
  }, 180_000);
});
