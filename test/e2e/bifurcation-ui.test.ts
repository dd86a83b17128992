/**
 * End to end: the bifurcation view in headless Chromium with the real handlers and engine workers
 * (see harness.ts). Traces g for ik_nodim at I_ext = 0.15 and checks what the diagram holds (via the
 * ?test hook), the special-points table, and "simulate here" from the first Hopf point.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { fill, openStudio, runAndWait, type StudioSession } from './harness';

interface Facet {
  x: number[];
  y: (number | null)[];
  dashed: boolean;
}
interface DiagramSnapshot {
  name: string;
  labels: string[];
  facets: Facet[];
  marks: { label: string; type: string; x: number; y: number }[];
  xRange: [number, number];
}

let session: StudioSession | null = null;

afterEach(async () => {
  await session?.close();
  session = null;
});

async function diagram(page: Page): Promise<DiagramSnapshot> {
  const all = await page.evaluate(() => {
    const hook = (globalThis as unknown as { __mfTest?: { charts(): unknown[] } }).__mfTest;
    if (!hook) throw new Error('window.__mfTest is missing');
    return hook.charts();
  });
  const d = (all as DiagramSnapshot[]).find((c) => c.name === 'bifurcation');
  if (!d) throw new Error('no bifurcation chart is mounted');
  return d;
}

/** Clicks Trace and waits until the branch list holds `n` branches and no job runs. */
async function traceAndWait(page: Page, n: number): Promise<void> {
  await page.getByTestId('trace').click();
  await page.waitForFunction(
    (count) => {
      const d = (
        globalThis as unknown as {
          document: { querySelectorAll(s: string): { length: number }; querySelector(s: string): { getAttribute(n: string): string | null } | null };
        }
      ).document;
      return (
        d.querySelectorAll('[data-testid="branch-item"]').length === count && d.querySelector('[data-testid="status"]')?.getAttribute('data-phase') === 'idle'
      );
    },
    n,
    { timeout: 60_000 },
  );
}

/** Sets I_ext = 0.15 (baseline, no window) and traces g over [0, 3]. */
async function traceSeed(s: StudioSession): Promise<void> {
  const { page } = s;
  await fill(page, 'input-I_ext-baseline', '0.15');
  await page.getByTestId('view-bifurcation').click();
  expect(await page.getByTestId('cont-param').inputValue()).toBe('g');
  await fill(page, 'cont-from', '0');
  await fill(page, 'cont-to', '3');
  await traceAndWait(page, 1);
}

describe('bifurcation UI', () => {
  it('traces g for ik_nodim at I_ext = 0.15: two Hopf points, unstable between them, and simulates at HB1', async () => {
    const s = (session = await openStudio());
    const { page } = s;
    // A first run at the default g, so the next run's legend names what differs.
    await fill(page, 'solver-tEnd', '50');
    await fill(page, 'input-I_ext-baseline', '0.15');
    await runAndWait(page, 1);

    await traceSeed(s);
    expect(s.countJobs('continuation')).toBe(1);
    const d = await diagram(page);

    // Two labelled Hopf markers at the expected parameter values, nothing else special.
    const hb = d.marks.filter((m) => m.type === 'HB').sort((a, b) => a.x - b.x);
    expect(hb.map((m) => m.label)).toEqual(['HB1', 'HB2']);
    expect(hb[0].x).toBeCloseTo(0.6711, 3);
    expect(hb[1].x).toBeCloseTo(1.9887, 3);
    expect(d.marks.length).toBe(2);

    // The branch covers [0, 3]; dashed (unstable) exactly between the Hopf points, solid outside.
    const xs = d.facets.flatMap((f) => f.x);
    expect(Math.min(...xs)).toBeCloseTo(0, 6);
    expect(Math.max(...xs)).toBeCloseTo(3, 6);
    const dashed = d.facets.filter((f) => f.dashed && f.x.length > 1);
    expect(dashed.length).toBeGreaterThanOrEqual(1);
    const dx = dashed.flatMap((f) => f.x);
    expect(Math.min(...dx)).toBeCloseTo(hb[0].x, 9);
    expect(Math.max(...dx)).toBeCloseTo(hb[1].x, 9);
    const solid = d.facets.filter((f) => !f.dashed && f.x.length > 1).flatMap((f) => f.x);
    expect(solid.some((x) => x > hb[0].x + 1e-6 && x < hb[1].x - 1e-6)).toBe(false);
    expect(solid.some((x) => x < hb[0].x)).toBe(true);
    expect(solid.some((x) => x > hb[1].x)).toBe(true);
    // The markers sit on the drawn curve (r at the Hopf points is a value of the branch).
    for (const f of d.facets) for (const y of f.y) expect(y === null || Number.isFinite(y)).toBe(true);

    // The special-points table.
    const row1 = page.getByTestId('special-row-HB1');
    const row2 = page.getByTestId('special-row-HB2');
    expect(Number(await row1.getByTestId('special-p').textContent())).toBeCloseTo(0.6711, 4);
    expect(Number(await row2.getByTestId('special-p').textContent())).toBeCloseTo(1.9887, 4);
    expect((await row1.getByTestId('special-criticality').textContent())?.trim()).toBe('supercritical');
    expect((await row2.getByTestId('special-criticality').textContent())?.trim()).toBe('subcritical');
    expect(await row1.getByTestId('special-criticality').getAttribute('title')).toMatch(/stable limit cycle.*g crosses 0\.6711/);
    const exactP = await row1.getByTestId('special-p').getAttribute('title');

    // Click HB1: the time series view shows a new run at that g, from the perturbed steady state.
    await row1.click();
    await page.waitForFunction(
      () => {
        const d2 = (
          globalThis as unknown as {
            document: { querySelectorAll(s: string): { length: number }; querySelector(s: string): { getAttribute(n: string): string | null } | null };
          }
        ).document;
        return (
          d2.querySelectorAll('[data-testid="run-item"]').length === 2 && d2.querySelector('[data-testid="status"]')?.getAttribute('data-phase') === 'idle'
        );
      },
      undefined,
      { timeout: 60_000 },
    );
    expect(await page.getByTestId('view-timeseries').getAttribute('aria-selected')).toBe('true');
    const legends = await page.getByTestId('legend-label').allTextContents();
    expect(legends).toHaveLength(2);
    // The label rounds g to the digits that tell the runs apart; its tooltip has the full value.
    expect(legends[1]).toMatch(/^g = 0\.6711(,|$)/);
    expect(await page.getByTestId('legend-entry').nth(1).getAttribute('title')).toContain(`g = ${exactP}`);
    expect(await page.getByTestId('param-g').inputValue()).toBe(exactP);
    expect(s.errors).toEqual([]);
  });

  it('exports the branch to CSV and the diagram to PNG, hides and deletes branches', async () => {
    const s = (session = await openStudio());
    const { page } = s;
    await traceSeed(s);
    await page.getByTestId('export-branch-csv').click();
    await expect.poll(() => readdirSync(s.exportDir)).toContain('ik_nodim-g-branch1.csv');
    const lines = readFileSync(join(s.exportDir, 'ik_nodim-g-branch1.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0].split(',').slice(0, 8)).toEqual(['index', 'g', 'r', 'v', 'u', 's', 'stable', 'special']);
    const labelled = lines
      .slice(1)
      .map((l) => l.split(',')[7])
      .filter((x) => x !== '');
    expect(labelled).toEqual(['HB1', 'HB2']);
    const d = await diagram(page);
    const points = d.facets.filter((f) => f.x.length > 1).reduce((n, f) => n + f.x.length, 0);
    // Every branch point is drawn (pieces share their boundary points).
    expect(points).toBeGreaterThanOrEqual(lines.length - 1);

    await page.getByTestId('export-diagram-png').click();
    await expect.poll(() => readdirSync(s.exportDir)).toContain('ik_nodim-g-bifurcation.png');
    const png = readFileSync(join(s.exportDir, 'ik_nodim-g-bifurcation.png'));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

    // A second branch (other range) is kept beside the first; hiding and deleting act on the diagram.
    await fill(page, 'cont-to', '1');
    await traceAndWait(page, 2);
    const before = (await diagram(page)).labels.filter((l) => l.startsWith('1:')).length;
    expect(before).toBeGreaterThan(0);
    expect((await diagram(page)).labels.some((l) => l.startsWith('2:'))).toBe(true);
    await page.getByTestId('branch-visible').first().uncheck();
    await expect.poll(async () => (await diagram(page)).labels.some((l) => l.startsWith('1:'))).toBe(false);
    await page.getByTestId('branch-delete').nth(1).click();
    expect(await page.getByTestId('branch-item').count()).toBe(1);
    expect(s.errors).toEqual([]);
  });

  it('refuses an empty range next to the range fields and traces nothing', async () => {
    const s = (session = await openStudio());
    const { page } = s;
    await page.getByTestId('view-bifurcation').click();
    await fill(page, 'cont-to', 'abc');
    await page.getByTestId('cont-range-error').waitFor();
    expect(await page.getByTestId('trace').isDisabled()).toBe(true);
    await page.keyboard.press('Control+Enter');
    expect(await page.getByTestId('trace-error').textContent()).toMatch(/Not traced: .*bounds/);
    expect(s.countJobs('continuation')).toBe(0);
    expect(s.errors).toEqual([]);
  });
});
