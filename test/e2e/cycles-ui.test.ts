/**
 * End to end: families of limit cycles in headless Chromium with the real handlers and engine
 * workers (see harness.ts). Traces the g-branch of ik_nodim at I_ext = 0.15, continues the cycles
 * born at HB1 (the form's range and mesh, a bad NTST named under its field, Esc and Enter; the
 * right-click menu of the Hopf marker), and checks the family on the diagram against AUTO-07p's
 * fold of cycles (test/fixtures/reference/ik_nodim_cycles_g_Iext0.15.json), the period switch,
 * the hover read-out and a selected cycle point, the special-points table, the CSV export, and the
 * family after save and reopen; the warning of a mesh too coarse for the orbits; cancelling a long
 * family part way; a family kept through a crash.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { parseProjectFile } from '../../src-main/services/project-codec';
import { RECOVERY_FILE } from '../../src-main/services/recovery';
import { fill, openStudio, ROOT, type StudioSession } from './harness';
import { traceSeedBranch, waitSaved } from './project-helpers';

interface DiagramSnapshot {
  name: string;
  labels: string[];
  facets: { x: number[]; y: (number | null)[]; dashed: boolean }[];
  marks: { label: string; type: string; x: number; y: number }[];
  xRange: [number, number];
  yRange: [number, number];
}

const REFERENCE = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/reference/ik_nodim_cycles_g_Iext0.15.json'), 'utf8')) as {
  special_points: { type: string; params: { g: number }; period: number; r_max: number }[];
};
const LPC = REFERENCE.special_points.find((s) => s.type === 'LPC')!;

let session: StudioSession | null = null;
afterEach(async () => {
  await session?.close();
  session = null;
});

async function diagram(page: Page): Promise<DiagramSnapshot> {
  const all = await page.evaluate(() => (globalThis as unknown as { __mfTest: { charts(): unknown[] } }).__mfTest.charts());
  return (all as DiagramSnapshot[]).find((c) => c.name === 'bifurcation')!;
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
    { timeout: 90_000 },
  );
}

/** Moves the mouse over the diagram at values (x, y). */
async function hoverAt(page: Page, x: number, y: number): Promise<void> {
  const d = await diagram(page);
  const box = (await page.locator('[data-testid="bifurcation-chart"] .u-over').boundingBox())!;
  const fx = (x - d.xRange[0]) / (d.xRange[1] - d.xRange[0]);
  const fy = 1 - (y - d.yRange[0]) / (d.yRange[1] - d.yRange[0]);
  await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy, { steps: 3 });
}

describe('limit cycles on the bifurcation diagram', () => {
  it('continues the cycles from HB1, draws the family with its fold of cycles, switches to the period, and keeps it in the project', async () => {
    const s = (session = await openStudio({ viewport: { width: 1500, height: 1000 } }));
    const { page } = s;
    await traceSeedBranch(page);
    const before = await diagram(page);

    // Right-clicking HB1's marker offers the cycles (and the Hopf curve); Esc closes the menu.
    const hb = before.marks.find((m) => m.label === 'HB1')!;
    await hoverAt(page, hb.x, hb.y);
    await page.locator('[data-testid="bifurcation-chart"] .u-over').dispatchEvent('contextmenu', { bubbles: true, cancelable: true });
    await page.getByTestId('hopf-menu').waitFor();
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('hopf-menu').count()).toBe(0);
    await page.locator('[data-testid="bifurcation-chart"] .u-over').dispatchEvent('contextmenu', { bubbles: true, cancelable: true });
    await page.getByTestId('hopf-menu-cycles').click();
    await page.getByTestId('cycle-form').waitFor();
    expect(await page.getByTestId('cycle-form').textContent()).toContain('Continue the limit cycles born at HB1');
    // The branch's range; the engine's mesh under Advanced.
    expect(await page.getByTestId('cycle-p-from').inputValue()).toBe('0');
    expect(await page.getByTestId('cycle-p-to').inputValue()).toBe('3');
    expect(await page.getByTestId('cycle-ntst').count()).toBe(0);
    await page.getByTestId('cycle-advanced').click();
    expect(await page.getByTestId('cycle-ntst').inputValue()).toBe('80');
    expect(await page.getByTestId('cycle-ncol').inputValue()).toBe('4');
    // A bad mesh is named under its field and starts nothing, not even with Enter.
    await fill(page, 'cycle-ntst', '1');
    await page.getByTestId('cycle-ntst-error').waitFor();
    expect(await page.getByTestId('cycle-ntst-error').textContent()).toBe('NTST: must be a whole number from 2 to 2000 (got 1)');
    expect(await page.getByTestId('cycle-start').isDisabled()).toBe(true);
    await page.getByTestId('cycle-ntst').press('Enter');
    expect(s.countJobs('cycle')).toBe(0);
    // A range without the Hopf point too.
    await fill(page, 'cycle-ntst', '80');
    await fill(page, 'cycle-p-from', '1');
    await page.getByTestId('cycle-p-error').waitFor();
    expect(await page.getByTestId('cycle-p-error').textContent()).toMatch(/^g: the range \[1, 3\] does not contain the Hopf point/);
    await page.getByTestId('cycle-p-from').press('Escape');
    expect(await page.getByTestId('cycle-form').count()).toBe(0);

    // From the table's HB1 row; Enter starts.
    await page.getByTestId('cycles-HB1').click();
    await page.getByTestId('cycle-p-to').press('Enter');
    await waitCycles(page, 1);
    expect(s.countJobs('cycle')).toBe(1);
    expect(await page.getByTestId('cycle-label').textContent()).toBe('Cycles from HB1 in g');

    // The family: max and min envelopes, stable solid and unstable dashed, with its fold of cycles at AUTO-07p's g.
    const d = await diagram(page);
    const cycleSeries = d.labels.map((l, i) => ({ l, f: d.facets[i] })).filter((q) => q.l.includes('Cycles from HB1'));
    expect(cycleSeries.some((q) => q.l.endsWith('· max · stable') && !q.f.dashed)).toBe(true);
    expect(cycleSeries.some((q) => q.l.endsWith('· min · unstable') && q.f.dashed)).toBe(true);
    const lpc = d.marks.filter((m) => m.type === 'LPC');
    expect(lpc.map((m) => m.label)).toEqual(['LPC1']);
    expect(Math.abs(lpc[0].x - LPC.params.g)).toBeLessThan(1e-6);
    expect(Math.abs(lpc[0].y - LPC.r_max) / LPC.r_max).toBeLessThan(1e-3);
    // The largest cycle of the family is the one at its fold.
    const maxLine = cycleSeries.filter((q) => q.l.includes('· max ·')).flatMap((q) => q.f.y as number[]);
    expect(Math.max(...maxLine)).toBeGreaterThan(LPC.r_max * 0.99);
    // The special points table lists it with its period.
    const row = page.getByTestId('cycle-special-row-LPC1');
    expect(Math.abs(Number(await row.getByTestId('cycle-special-p').getAttribute('title')) - LPC.params.g)).toBeLessThan(1e-6);
    // The default mesh resolves every orbit of the family: no mesh warning.
    expect(await page.getByTestId('cycle-mesh-warning').count()).toBe(0);

    // Hovering the fold of cycles reads it out; clicking selects that cycle (marked at its max and min).
    await hoverAt(page, lpc[0].x, lpc[0].y);
    await expect.poll(() => page.getByTestId('diagram-readout').textContent()).toContain('LPC1');
    const readout = (await page.getByTestId('diagram-readout').textContent())!;
    expect(readout).toMatch(/period 34\d\.\d/);
    expect(readout).toContain('μ:');
    await page.mouse.down();
    await page.mouse.up();
    await expect.poll(async () => (await diagram(page)).marks.filter((m) => m.type === 'selected').length).toBe(2);
    const sel = (await diagram(page)).marks.filter((m) => m.type === 'selected');
    expect(sel[0].x).toBe(lpc[0].x);

    // The period instead of the variable: steady states hidden, the fold of cycles at AUTO-07p's period.
    await page.getByTestId('cycle-measure-period').click();
    await expect.poll(async () => (await diagram(page)).marks.find((m) => m.type === 'LPC')?.y).not.toBe(lpc[0].y);
    const p = await diagram(page);
    expect(p.labels.every((l) => l.includes('Cycles from HB1'))).toBe(true);
    expect(p.labels.some((l) => l.includes('· period ·'))).toBe(true);
    const lpcPeriod = p.marks.find((m) => m.type === 'LPC')!.y;
    expect(Math.abs(lpcPeriod - LPC.period) / LPC.period).toBeLessThan(2e-3);
    const periods = p.facets.flatMap((f) => f.y as number[]);
    expect(Math.min(...periods)).toBeGreaterThan(100); // periods, not rates
    expect(await page.getByTestId('diagram-key').textContent()).toContain('period doubling');

    // CSV of the family: a row per orbit, the fold as a row of its own.
    await page.getByTestId('export-cycle-csv').click();
    const csvName = 'ik_nodim-g-cycles1-HB1.csv';
    await expect.poll(() => readdirSync(s.exportDir)).toContain(csvName);
    const lines = readFileSync(join(s.exportDir, csvName), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe(
      'index,g,period,stable,r_min,r_max,v_min,v_max,u_min,u_max,s_min,s_max,mu1_re,mu1_im,mu2_re,mu2_im,mu3_re,mu3_im,mu4_re,mu4_im,special,info',
    );
    const lpcRow = lines.find((l) => l.includes(',LPC1,'))!.split(',');
    expect(Math.abs(Number(lpcRow[1]) - LPC.params.g)).toBeLessThan(1e-6);

    // Saved and opened again: the same family, drawn the same, the period still plotted.
    const file = join(s.exportDir, 'cycles.mfproj');
    s.dialogs.savePaths.push(file);
    await page.keyboard.press('Control+s');
    await waitSaved(page, 'cycles.mfproj');
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8')).cycles).toHaveLength(1);
    await page.reload();
    await page.getByTestId('param-g').waitFor();
    s.dialogs.openPaths.push(file);
    await page.keyboard.press('Control+o');
    await waitCycles(page, 1);
    await waitSaved(page, 'cycles.mfproj');
    await expect.poll(async () => (await diagram(page)).facets).toEqual(p.facets);
    expect((await diagram(page)).marks.filter((m) => m.type !== 'selected')).toEqual(p.marks.filter((m) => m.type !== 'selected'));
    expect(await page.getByTestId('cycle-measure-period').getAttribute('aria-selected')).toBe('true');

    // Delete and Undo.
    await page.getByTestId('cycle-delete').click();
    expect(await page.getByTestId('cycle-item').count()).toBe(0);
    await page.getByTestId('cycle-undo').click();
    expect(await page.getByTestId('cycle-item').count()).toBe(1);
    expect(s.errors).toEqual([]);
  });

  it('warns above the cycle points when a coarse mesh does not resolve the orbits, and marks the folds found there', async () => {
    const s = (session = await openStudio({ viewport: { width: 1500, height: 1000 } }));
    const { page } = s;
    await traceSeedBranch(page);
    await page.getByTestId('cycles-HB1').click();
    await page.getByTestId('cycle-advanced').click();
    await fill(page, 'cycle-ntst', '20');
    await fill(page, 'cycle-ncol', '3');
    await page.getByTestId('cycle-start').click();
    await waitCycles(page, 1);
    const warning = await page.getByTestId('cycle-mesh-warning').textContent();
    expect(warning).toMatch(/^The mesh \(NTST 20, NCOL 3\) does not resolve the orbits for g from [\d.]+ to [\d.]+ \(\d+ of \d+ points\)/);
    expect(warning).toMatch(/Trace the family again with a larger NTST \(Cycles… → Advanced\)\.$/);
    // Each fold named in the warning carries the mark in its row, and no other row does.
    const named = [...warning!.matchAll(/\b(LPC\d+|PD\d+|NS\d+|BP\d+)\b/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(0);
    const rows = page.locator('[data-testid^="cycle-special-row-"]');
    const marked: string[] = [];
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      if ((await row.getByTestId('cycle-special-unresolved').count()) > 0)
        marked.push((await row.getAttribute('data-testid'))!.replace('cycle-special-row-', ''));
    }
    expect(marked).toEqual(named);
    expect(s.errors).toEqual([]);
  });

  it('cancels a long family with Esc and keeps the part traced, marked as cancelled', async () => {
    const s = (session = await openStudio({ viewport: { width: 1500, height: 1000 } }));
    const { page } = s;
    await traceSeedBranch(page);
    await page.getByTestId('cycles-HB1').click();
    await page.getByTestId('cycle-advanced').click();
    // A fine mesh makes the family take many seconds: time to cancel it part way.
    await fill(page, 'cycle-ntst', '1500');
    await page.getByTestId('cycle-start').click();
    await page.getByTestId('status-cancel').waitFor();
    // Wait for a few orbits of the family to be drawn while it is traced.
    await expect.poll(async () => (await diagram(page)).labels.filter((l) => l.includes('tracing cycles')).length, { timeout: 60_000 }).toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    await waitCycles(page, 1);
    expect(await page.getByTestId('outcome').textContent()).toMatch(/^Cycles from HB1: \d+ orbits in [\d.]+ s.* \(cancelled\)$/);
    const kept = Number(/: (\d+) orbits/.exec((await page.getByTestId('outcome').textContent())!)![1]);
    expect(kept).toBeGreaterThan(0);
    expect(await page.getByTestId('cycle-label').textContent()).toBe('Cycles from HB1 in g (cancelled)');
    expect((await diagram(page)).labels.some((l) => l.includes('tracing cycles'))).toBe(false);
    expect(s.countJobs('cycle')).toBe(1);
  });

  it('keeps a family through a crash: the recovery copy holds it and Restore brings it back', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'meanfield-e2e-cycles-'));
    try {
      const first = (session = await openStudio({ userDataDir: userData, recoveryIntervalMs: 250 }));
      const { page } = first;
      await traceSeedBranch(page);
      await page.getByTestId('cycles-HB1').click();
      await page.getByTestId('cycle-start').click();
      await waitCycles(page, 1);
      const before = await diagram(page);
      const copy = join(userData, 'recovery', RECOVERY_FILE);
      const copied = () => {
        if (!existsSync(copy)) return -1;
        const text = readFileSync(copy, 'utf8');
        const parsed = parseProjectFile(text.slice(text.indexOf('\n') + 1));
        return parsed.ok ? parsed.project.cycles.length : -1;
      };
      await expect.poll(copied, { timeout: 15_000 }).toBe(1);
      await first.close(); // a crash: no save, no clean exit
      session = null;

      const second = (session = await openStudio({ userDataDir: userData }));
      await second.page.getByTestId('recovery-restore').click();
      await waitCycles(second.page, 1);
      await second.page.getByTestId('view-bifurcation').click();
      await expect.poll(async () => (await diagram(second.page))?.facets).toEqual(before.facets);
      expect((await diagram(second.page)).marks).toEqual(before.marks);
      expect(second.errors).toEqual([]);
    } finally {
      await session?.close();
      session = null;
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
