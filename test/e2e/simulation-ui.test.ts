/**
 * End to end: the built renderer in headless Chromium, window.api routed to the real main-process
 * handlers and engine workers (see harness.ts). Assertions read the data the charts hold.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chartData, fill, openStudio, runAndWait, setSeedScenario, type ChartData, type StudioSession } from './harness';

let session: StudioSession | null = null;

afterEach(async () => {
  await session?.close();
  session = null;
});

async function open(): Promise<StudioSession> {
  session = await openStudio();
  return session;
}

/**
 * Peaks of a trace that rise at least `h` above the preceding trough and fall at least `h` below
 * themselves afterwards (a hysteresis peak counter: numerical wiggles smaller than h do not count).
 */
function countPeaks(y: readonly number[], h: number): number {
  let peaks = 0;
  let trough = Infinity;
  let peak = -Infinity;
  let rising = true;
  for (const v of y) {
    if (rising) {
      trough = Math.min(trough, v);
      if (v > peak) peak = v;
      if (peak - trough > h && v < peak - h) {
        peaks++;
        rising = false;
        trough = v;
      }
      if (peak - trough <= h && v < trough) peak = v;
    } else {
      if (v < trough) trough = v;
      if (v > trough + h) {
        rising = true;
        peak = v;
      }
    }
  }
  return peaks;
}

function window_(chart: ChartData, series: number, t0: number, t1: number): number[] {
  const out: number[] = [];
  chart.x.forEach((t, i) => {
    const v = chart.ys[series][i];
    if (t >= t0 && t < t1 && v !== null) out.push(v);
  });
  return out;
}

describe('peak counter used below', () => {
  it('counts the peaks of a sine and ignores small wiggles', () => {
    const sine = Array.from({ length: 2001 }, (_, i) => Math.sin(i * 0.01 * 2 * Math.PI));
    expect(countPeaks(sine, 0.5)).toBe(20);
    const wiggle = sine.map((v) => 0.01 * v + 0.3);
    expect(countPeaks(wiggle, 0.05)).toBe(0);
  });
});

describe('simulation UI', () => {
  it('reproduces the seed example: g = 0.5 and g = 1.5 overlaid, the latter oscillating before t = 400', async () => {
    const s = await open();
    const { page } = s;
    // The model's equations are rendered as mathematics (KaTeX DOM, not raw text).
    expect(await page.getByTestId('model-picker').inputValue()).toBe('ik_nodim');
    expect(await page.locator('[data-testid="equations"] .katex').count()).toBeGreaterThanOrEqual(4);

    await setSeedScenario(page, { g: 0.5 });
    const preview = (await chartData(page)).find((c) => c.name === 'input-preview:I_ext');
    expect(preview?.x).toEqual([0, 400, 600, 1000]);
    expect(preview?.ys[0]).toEqual([0.15, 0, 0.15, 0.15]);

    await runAndWait(page, 1);
    await fill(page, 'param-g', '1.5');
    await runAndWait(page, 2);

    const r = (await chartData(page)).find((c) => c.name === 'timeseries:r');
    expect(r).toBeDefined();
    const chart = r!;
    expect(chart.labels).toEqual(['g = 0.5', 'g = 1.5']);
    expect(await page.getByTestId('legend-label').allTextContents()).toEqual(['g = 0.5', 'g = 1.5']);
    // Both runs on the same grid 0, 0.01, ..., 1000: every value present.
    expect(chart.x.length).toBe(100_001);
    expect(chart.x[0]).toBe(0);
    expect(chart.x[chart.x.length - 1]).toBeCloseTo(1000, 9);
    for (const y of chart.ys) expect(y.every((v) => v !== null && Number.isFinite(v))).toBe(true);

    // g = 1.5: the bursting oscillation before the input window.
    const osc = window_(chart, 1, 0, 400);
    expect(countPeaks(osc, 0.05)).toBeGreaterThanOrEqual(3);
    expect(countPeaks(window_(chart, 1, 100, 400), 0.05)).toBeGreaterThanOrEqual(1);
    // g = 0.5: settled before the window (after the initial transient).
    const flat = window_(chart, 0, 300, 400);
    expect(Math.max(...flat) - Math.min(...flat)).toBeLessThan(2e-3);
    expect(countPeaks(window_(chart, 0, 100, 400), 0.05)).toBe(0);

    expect(s.errors).toEqual([]);
  });

  it('cancels a long run within a moment, keeps its partial data and stays usable', async () => {
    const s = await open();
    const { page } = s;
    await fill(page, 'solver-tEnd', '1e6');
    await fill(page, 'solver-sample', '1');
    await page.getByTestId('run').click();
    const progress = page.getByTestId('progress');
    await progress.waitFor({ state: 'visible' });
    expect(Number(await progress.getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(0);
    await page.getByTestId('status-cancel').click();
    // Generous bound for a loaded machine; cancellation itself takes milliseconds.
    await page.waitForSelector('[data-testid="run-item"][data-status="cancelled"]', { timeout: 3000 });
    expect(await page.getByTestId('status').getAttribute('data-phase')).toBe('idle');
    expect(await page.getByTestId('run-label').first().textContent()).toContain('(cancelled)');
    const r = (await chartData(page)).find((c) => c.name === 'timeseries:r')!;
    expect(r.x.length).toBeGreaterThan(1);
    expect(r.x[r.x.length - 1]).toBeLessThan(1e6);
    expect(s.count('cancelJob')).toBe(1);

    // Still usable: Esc cancels too, and a short run completes.
    await fill(page, 'solver-tEnd', '10');
    await fill(page, 'solver-sample', '0.01');
    await runAndWait(page, 2);
    expect(await page.locator('[data-testid="run-item"][data-status="ok"]').count()).toBe(1);
    await fill(page, 'solver-tEnd', '1e6');
    await fill(page, 'solver-sample', '1');
    await page.keyboard.press('Control+Enter');
    await progress.waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="run-item"][data-status="cancelled"] >> nth=1', { timeout: 3000 });
    expect(s.errors).toEqual([]);
  });

  it('shows an invalid parameter next to its field and runs nothing', async () => {
    const s = await open();
    const { page } = s;
    const run = page.getByTestId('run');
    expect(await run.isEnabled()).toBe(true);

    await fill(page, 'param-tau', '-1');
    const err = page.getByTestId('param-tau-error');
    await err.waitFor();
    expect(await err.textContent()).toMatch(/tau must be > 0/);
    expect(await page.getByTestId('param-tau').getAttribute('aria-invalid')).toBe('true');
    // The message sits in the parameter's own row.
    expect(await page.getByTestId('param-row-tau').getByTestId('param-tau-error').count()).toBe(1);
    expect(await run.isDisabled()).toBe(true);

    await fill(page, 'param-tau', 'abc');
    expect(await err.textContent()).toBe('"abc" is not a number');
    await page.getByTestId('param-tau').press('Control+Enter');
    await run.click({ force: true });
    await page.getByTestId('last-error').waitFor();
    expect(await page.getByTestId('last-error').textContent()).toMatch(/Not run: 1 field to fix \(params\.tau/);
    expect(s.countJobs('simulation')).toBe(0);
    expect(await page.getByTestId('run-item').count()).toBe(0);

    // Resetting the row clears the error and enables Run again.
    await page.getByTestId('reset-tau').click();
    await err.waitFor({ state: 'detached' });
    expect(await page.getByTestId('param-tau').inputValue()).toBe('1');
    expect(await run.isEnabled()).toBe(true);
    expect(s.errors).toEqual([]);
  });

  it('zooms by dragging, keeps the zoom when a run is added, resets on double-click', async () => {
    const s = await open();
    const { page } = s;
    await fill(page, 'solver-tEnd', '100');
    await runAndWait(page, 1);
    const over = page.locator('[data-testid="panel-r"] .u-over');
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    const range = async () => (await chartData(page)).find((c) => c.name === 'timeseries:r')!.xRange;
    const [lo, hi] = await range();
    expect(lo).toBeGreaterThan(10);
    expect(hi).toBeLessThan(60);
    // The cursor read-out names t and the value.
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2, { steps: 3 });
    expect(await page.getByTestId('cursor-t').textContent()).toMatch(/^t = \d/);

    await fill(page, 'param-g', '1.5');
    await runAndWait(page, 2);
    const kept = await range();
    expect(kept[0]).toBeCloseTo(lo, 9);
    expect(kept[1]).toBeCloseTo(hi, 9);

    await over.dblclick();
    await expect.poll(range).toEqual([0, 100]);
    expect(s.errors).toEqual([]);
  });

  it('exports the shown runs to CSV and the chart to PNG', async () => {
    const s = await open();
    const { page } = s;
    await fill(page, 'solver-tEnd', '10');
    await runAndWait(page, 1);
    await fill(page, 'param-g', '1.5');
    await fill(page, 'solver-sample', '0.02');
    await runAndWait(page, 2);

    await page.getByTestId('export-csv').click();
    await expect.poll(() => readdirSync(s.exportDir)).toContain('ik_nodim-runs.csv');
    const lines = readFileSync(join(s.exportDir, 'ik_nodim-runs.csv'), 'utf8').trimEnd().split('\n');
    const labels = ['g = 0.5, sample = 0.01', 'g = 1.5, sample = 0.02'];
    expect(lines[0]).toBe(['t', ...labels.flatMap((l) => ['r', 'v', 'u', 's'].map((v) => `"${v} [${l}]"`))].join(','));
    // Joined grid: the 0.01 grid on [0, 10] holds every 0.02 time, so one row per 0.01 step.
    expect(lines.length - 1).toBe(1001);
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows.every((c) => c.length === 9)).toBe(true);
    expect(rows.filter((c) => c[5] !== '').length).toBe(501);
    const chart = (await chartData(page)).find((c) => c.name === 'timeseries:r')!;
    rows.forEach((c, i) => {
      expect(Number(c[0])).toBe(chart.x[i]);
      expect(Number(c[1])).toBe(chart.ys[0][i]);
    });

    await page.getByTestId('export-png').click();
    await expect.poll(() => readdirSync(s.exportDir)).toContain('ik_nodim-timeseries.png');
    const png = readFileSync(join(s.exportDir, 'ik_nodim-timeseries.png'));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.readUInt32BE(16)).toBeGreaterThan(400); // IHDR width
    expect(s.count('exportFile')).toBe(2);
    expect(s.errors).toEqual([]);
  });

  it('shows a blown-up run readably: y range from before the runaway, a blow-up marker, the changed initial state', async () => {
    const s = await open();
    const { page } = s;
    await page.getByTestId('solver-method').selectOption('euler');
    await fill(page, 'solver-dt', '0.01');
    await fill(page, 'solver-tEnd', '100');
    await fill(page, 'initial-v', '100');
    await page.getByTestId('plot-v').check();
    await runAndWait(page, 1);
    const r = (await chartData(page)).find((c) => c.name === 'timeseries:r')!;
    const values = r.ys[0].filter((v): v is number => v !== null);
    // The run keeps astronomically large samples before r became non-finite...
    expect(Math.max(...values)).toBeGreaterThan(1e100);
    // ...but the r axis spans the part before the runaway (r below 1 there), and the marker names r.
    const panel = page.getByTestId('panel-r');
    await expect.poll(() => panel.getAttribute('data-y-range')).not.toBeNull();
    const [lo, hi] = JSON.parse((await panel.getAttribute('data-y-range'))!) as [number, number];
    expect(lo).toBeLessThanOrEqual(0);
    expect(hi).toBeGreaterThan(0.4);
    expect(hi).toBeLessThan(1);
    const marks = JSON.parse((await panel.getAttribute('data-blowups'))!) as { t: number; variable: string }[];
    expect(marks).toHaveLength(1);
    expect(marks[0].variable).toBe('r');
    expect(marks[0].t).toBeCloseTo(0.11, 9);
    expect(await page.getByTestId('panel-v').getAttribute('data-blowups')).toBe(await panel.getAttribute('data-blowups'));
    // The x axis reaches the blow-up time (just after the last sample).
    expect(r.xRange[1]).toBeCloseTo(0.11, 9);

    expect(await page.getByTestId('inspector-initial').textContent()).toContain('v(0) = 100');
    expect(await page.getByTestId('inspector-params').textContent()).toContain('none (model defaults)');
    expect(s.errors).toEqual([]);
  });

  it('hints at an input window that lies outside the run', async () => {
    const s = await open();
    const { page } = s;
    await fill(page, 'solver-tEnd', '100');
    await page.getByTestId('input-I_ext-add-window').click();
    await fill(page, 'input-I_ext-w0-start', '600');
    await fill(page, 'input-I_ext-w0-stop', '700');
    const hint = page.getByTestId('input-I_ext-w0-hint');
    expect(await hint.textContent()).toBe('outside the run (T = 100): no effect');
    // Only a hint: the run is not blocked.
    expect(await page.getByTestId('run').isEnabled()).toBe(true);
    // A window reaching into the run, or a longer run, has no hint.
    await fill(page, 'input-I_ext-w0-start', '50');
    await hint.waitFor({ state: 'detached' });
    await fill(page, 'input-I_ext-w0-start', '600');
    await hint.waitFor();
    await fill(page, 'solver-tEnd', '1000');
    await hint.waitFor({ state: 'detached' });
    expect(s.errors).toEqual([]);
  });
});
