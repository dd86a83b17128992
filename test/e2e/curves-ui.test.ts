/**
 * End to end: the two-parameter diagram in headless Chromium with the real handlers and engine
 * workers (see harness.ts). Traces the g-branch of ik_nodim at I_ext = 0.15, continues the Hopf
 * curve from HB1 in eta (a bad range first: named under its field, no job), and checks the plane
 * (the curve through the branch's Hopf points, their labels, the current point), setting (g, eta) by
 * a click with Undo, hide / delete / undo, CSV and PNG export, and the curve after save and reopen.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { RECOVERY_FILE } from '../../src-main/services/recovery';
import { parseProjectFile } from '../../src-main/services/project-codec';
import { fill, openStudio, type StudioSession } from './harness';
import { traceSeedBranch, waitSaved } from './project-helpers';

interface PlaneSnapshot {
  name: string;
  labels: string[];
  facets: { x: number[]; y: (number | null)[]; dashed: boolean }[];
  marks: { label: string; type: string; x: number; y: number }[];
  xRange: [number, number];
  yRange: [number, number];
}

let session: StudioSession | null = null;
afterEach(async () => {
  await session?.close();
  session = null;
});

async function plane(page: Page): Promise<PlaneSnapshot | undefined> {
  const all = await page.evaluate(() => (globalThis as unknown as { __mfTest: { charts(): unknown[] } }).__mfTest.charts());
  return (all as PlaneSnapshot[]).find((c) => c.name === 'two-parameter');
}

/** Waits until `n` curves are listed and no job runs. */
async function waitCurves(page: Page, n: number): Promise<void> {
  await page.waitForFunction(
    (count) => {
      const d = (
        globalThis as unknown as {
          document: { querySelectorAll(s: string): { length: number }; querySelector(s: string): { getAttribute(n: string): string | null } | null };
        }
      ).document;
      return (
        d.querySelectorAll('[data-testid="curve-item"]').length === count && d.querySelector('[data-testid="status"]')?.getAttribute('data-phase') === 'idle'
      );
    },
    n,
    { timeout: 60_000 },
  );
}

/** Traces g over [0, 3] at I_ext = 0.15 and continues the Hopf curve from HB1 in eta over [-2, 2]. */
async function traceHopfCurve(page: Page): Promise<void> {
  await traceSeedBranch(page);
  await page.getByTestId('continue-HB1').click();
  await fill(page, 'curve-q-from', '-2');
  await fill(page, 'curve-q-to', '2');
  await page.getByTestId('curve-start').click();
  await waitCurves(page, 1);
}

/** Clicks the plot of the two-parameter chart at plane values (x, y). */
async function clickAt(page: Page, x: number, y: number): Promise<void> {
  const d = (await plane(page))!;
  const box = (await page.locator('[data-testid="two-param-chart"] .u-over').boundingBox())!;
  const fx = (x - d.xRange[0]) / (d.xRange[1] - d.xRange[0]);
  const fy = 1 - (y - d.yRange[0]) / (d.yRange[1] - d.yRange[0]);
  await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy, { steps: 3 });
  await page.mouse.down();
  await page.mouse.up();
}

describe('two-parameter diagram', () => {
  it('continues the Hopf curve from HB1 in eta, draws it through the Hopf points, sets (g, eta) by a click, and keeps it in the project', async () => {
    const s = (session = await openStudio());
    const { page } = s;
    await traceSeedBranch(page);
    const hb1 = Number(await page.getByTestId('special-row-HB1').getByTestId('special-p').getAttribute('title'));
    const hb2 = Number(await page.getByTestId('special-row-HB2').getByTestId('special-p').getAttribute('title'));
    const eta0 = Number(await page.getByTestId('param-eta').inputValue());

    // Right-clicking HB1's marker on the diagram offers its Hopf curve (and its cycles): the form opens too.
    const marks = await page.evaluate(() => (globalThis as unknown as { __mfTest: { charts(): unknown[] } }).__mfTest.charts());
    const diagram = (marks as PlaneSnapshot[]).find((c) => c.name === 'bifurcation')!;
    const m = diagram.marks.find((q) => q.label === 'HB1')!;
    const dbox = (await page.locator('[data-testid="bifurcation-chart"] .u-over').boundingBox())!;
    const mx = dbox.x + (dbox.width * (m.x - diagram.xRange[0])) / (diagram.xRange[1] - diagram.xRange[0]);
    const my = dbox.y + dbox.height * (1 - (m.y - diagram.yRange[0]) / (diagram.yRange[1] - diagram.yRange[0]));
    await page.mouse.move(mx, my, { steps: 3 });
    expect(await page.getByTestId('diagram-readout').textContent()).toContain('right-click to continue its Hopf curve');
    await page.locator('[data-testid="bifurcation-chart"] .u-over').dispatchEvent('contextmenu', { bubbles: true, cancelable: true });
    await page.getByTestId('hopf-menu-curve').click();
    await page.getByTestId('curve-form').waitFor();
    expect(await page.getByTestId('curve-form').textContent()).toContain('Continue the Hopf curve from HB1');
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('curve-form').count()).toBe(0);

    // The form on HB1: eta offered first; a reversed range is named under its field and starts nothing.
    await page.getByTestId('continue-HB1').click();
    await page.getByTestId('curve-form').waitFor();
    expect(await page.getByTestId('curve-q').inputValue()).toBe('eta');
    expect(await page.getByTestId('curve-p-from').inputValue()).toBe('0');
    expect(await page.getByTestId('curve-p-to').inputValue()).toBe('3');
    await fill(page, 'curve-q-from', '2');
    await fill(page, 'curve-q-to', '-2');
    await page.getByTestId('curve-q-error').waitFor();
    expect(await page.getByTestId('curve-q-error').textContent()).toMatch(/eta: the range of eta must go from a smaller to a larger value/);
    expect(await page.getByTestId('curve-start').isDisabled()).toBe(true);
    await page.getByTestId('curve-q-to').press('Enter');
    await page.keyboard.press('Control+Enter');
    expect(s.countJobs('curve')).toBe(0);
    // Escape closes the form; it opens again from the row.
    await page.getByTestId('curve-q-to').press('Escape');
    expect(await page.getByTestId('curve-form').count()).toBe(0);
    await page.getByTestId('continue-HB1').click();
    await fill(page, 'curve-q-from', '-2');
    await fill(page, 'curve-q-to', '2');
    await page.getByTestId('curve-q-to').press('Enter');
    await waitCurves(page, 1);
    expect(s.countJobs('curve')).toBe(1);

    // The two-parameter view: the curve in (g, eta), passing through both Hopf points of the branch.
    expect(await page.getByTestId('diagram-twoParam').getAttribute('aria-selected')).toBe('true');
    expect(await page.getByTestId('curve-label').textContent()).toBe('Hopf curve from HB1 in (g, eta)');
    const d = (await plane(page))!;
    const xs = d.facets.flatMap((f) => f.x);
    const ys = d.facets.flatMap((f) => f.y as number[]);
    expect(xs.length).toBeGreaterThan(20);
    expect(d.facets.every((f) => f.dashed)).toBe(true); // a Hopf curve: dashed
    const near = (x: number, y: number) => Math.min(...xs.map((v, i) => Math.hypot(v - x, ys[i] - y)));
    const branchMarks = d.marks.filter((m) => m.type.startsWith('branch:')).sort((a, b) => a.x - b.x);
    expect(branchMarks.map((m) => m.label)).toEqual(['HB1', 'HB2']);
    expect(branchMarks[0].x).toBe(hb1);
    expect(branchMarks[1].x).toBe(hb2);
    expect(branchMarks.every((m) => m.y === eta0)).toBe(true);
    expect(near(hb1, eta0)).toBeLessThan(1e-9); // the curve starts at HB1
    expect(near(hb2, eta0)).toBeLessThan(0.02); // and crosses eta = eta0 again at HB2
    // Codimension-two points: each one listed for the curve is labelled on the plane.
    const listed = await page.locator('[data-testid^="curve-special-"] td.label').allTextContents();
    const curveMarks = d.marks.filter((m) => m.type.startsWith('curve:')).map((m) => m.label);
    expect(curveMarks.sort()).toEqual(listed.map((l) => l.replace('*', '')).sort());
    // The current point: the form's (g, eta).
    const g0 = Number(await page.getByTestId('param-g').inputValue());
    expect(d.marks.find((m) => m.type === 'current')).toMatchObject({ x: g0, y: eta0 });

    // A click sets both parameters (rounded to the plot's resolution); Undo puts them back.
    const [tx, ty] = [d.xRange[0] + 0.37 * (d.xRange[1] - d.xRange[0]), d.yRange[0] + 0.81 * (d.yRange[1] - d.yRange[0])];
    await clickAt(page, tx, ty);
    await page.getByTestId('set-note').waitFor();
    const g1 = Number(await page.getByTestId('param-g').inputValue());
    const eta1 = Number(await page.getByTestId('param-eta').inputValue());
    expect(Math.abs(g1 - tx)).toBeLessThan(0.01 * (d.xRange[1] - d.xRange[0]));
    expect(Math.abs(eta1 - ty)).toBeLessThan(0.01 * (d.yRange[1] - d.yRange[0]));
    await expect.poll(async () => (await plane(page))!.marks.find((m) => m.type === 'current')).toMatchObject({ x: g1, y: eta1 });
    await page.getByTestId('set-undo').click();
    expect(Number(await page.getByTestId('param-g').inputValue())).toBe(g0);
    expect(Number(await page.getByTestId('param-eta').inputValue())).toBe(eta0);
    // A click on HB2's marker sets exactly its parameters.
    await clickAt(page, hb2, eta0);
    expect(Number(await page.getByTestId('param-g').inputValue())).toBe(hb2);
    await page.getByTestId('set-undo').click();

    // Exports: the curve as CSV (points, state, kappa, omega), the plane as PNG.
    await page.getByTestId('export-curve-csv').click();
    await expect.poll(() => readdirSync(s.exportDir)).toContain('ik_nodim-g-eta-curve1.csv');
    const lines = readFileSync(join(s.exportDir, 'ik_nodim-g-eta-curve1.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('index,g,eta,r,v,u,s,kappa,omega,special,coefficients');
    expect(lines.length - 1).toBeGreaterThanOrEqual(xs.length / 2);
    await page.getByTestId('export-plane-png').click();
    await expect.poll(() => readdirSync(s.exportDir)).toContain('ik_nodim-g-eta-two-parameter.png');
    expect([...readFileSync(join(s.exportDir, 'ik_nodim-g-eta-two-parameter.png')).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);

    // Hide, show, delete, undo.
    await page.getByTestId('curve-visible').uncheck();
    await page.getByTestId('plane-empty').waitFor();
    await page.getByTestId('curve-visible').check();
    await expect.poll(async () => (await plane(page))?.facets.length).toBe(d.facets.length);
    await page.getByTestId('curve-delete').click();
    expect(await page.getByTestId('curve-item').count()).toBe(0);
    await page.getByTestId('curve-undo').click();
    expect(await page.getByTestId('curve-item').count()).toBe(1);

    // Saved and opened again: the same curve, the two-parameter view.
    const file = join(s.exportDir, 'curves.mfproj');
    s.dialogs.savePaths.push(file);
    await page.keyboard.press('Control+s');
    await waitSaved(page, 'curves.mfproj');
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8')).curves).toHaveLength(1);
    const before = (await plane(page))!;
    await page.reload();
    await page.getByTestId('param-g').waitFor();
    s.dialogs.openPaths.push(file);
    await page.keyboard.press('Control+o');
    await waitCurves(page, 1);
    await waitSaved(page, 'curves.mfproj');
    expect(await page.getByTestId('diagram-twoParam').getAttribute('aria-selected')).toBe('true');
    await expect.poll(async () => (await plane(page))?.facets).toEqual(before.facets);
    expect((await plane(page))!.marks).toEqual(before.marks);
    expect(s.errors).toEqual([]);
  });

  it('keeps a curve through a crash: the recovery copy holds it and Restore brings it back', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'meanfield-e2e-curves-'));
    try {
      const first = (session = await openStudio({ userDataDir: userData, recoveryIntervalMs: 250 }));
      await traceHopfCurve(first.page);
      const before = (await plane(first.page))!;
      const copy = join(userData, 'recovery', RECOVERY_FILE);
      const copiedCurves = () => {
        if (!existsSync(copy)) return -1;
        const text = readFileSync(copy, 'utf8');
        const parsed = parseProjectFile(text.slice(text.indexOf('\n') + 1));
        return parsed.ok ? parsed.project.curves.length : -1;
      };
      await expect.poll(copiedCurves, { timeout: 15_000 }).toBe(1);
      await first.close(); // a crash: no save, no clean exit
      session = null;

      const second = (session = await openStudio({ userDataDir: userData }));
      await second.page.getByTestId('recovery-restore').click();
      await waitCurves(second.page, 1);
      await second.page.getByTestId('view-bifurcation').click();
      expect(await second.page.getByTestId('diagram-twoParam').getAttribute('aria-selected')).toBe('true');
      await expect.poll(async () => (await plane(second.page))?.facets).toEqual(before.facets);
      expect(second.errors).toEqual([]);
    } finally {
      await session?.close();
      session = null;
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
