/**
 * End to end: the spiking network in the app (headless Chromium, real handlers and engine workers).
 * Simulate network with a small N: the run is listed as a network run, drawn in the same panels as
 * the mean-field run with a legend telling them apart, its raster panel toggles; the project keeps
 * it through save and reopen; Esc cancels a network run and keeps its samples so far.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chartData, fill, openStudio, runAndWait, type StudioSession } from './harness';
import { parseProjectFile } from '../../src-main/services/project-codec';
import { RECOVERY_FILE } from '../../src-main/services/recovery';
import { observe, waitRuns, waitSaved } from './project-helpers';

let session: StudioSession | null = null;

afterEach(async () => {
  await session?.close();
  session = null;
});

type Doc = { document: { querySelector(s: string): { getAttribute(n: string): string | null } | null; querySelectorAll(s: string): { length: number } } };

async function waitIdle(page: StudioSession['page'], runs: number): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const d = (globalThis as unknown as Doc).document;
      return d.querySelectorAll('[data-testid="run-item"]').length === n && d.querySelector('[data-testid="status"]')?.getAttribute('data-phase') === 'idle';
    },
    runs,
    { timeout: 60_000, polling: 100 },
  );
}

describe('the spiking network in the app', () => {
  it('simulates the network over the mean field, shows its raster, and keeps it in the project', async () => {
    const s = (session = await openStudio());
    const { page } = s;
    await fill(page, 'input-I_ext-baseline', '0.15');
    await fill(page, 'param-g', '1.5');
    await fill(page, 'solver-tEnd', '40');
    await runAndWait(page, 1);

    await page.getByTestId('network-toggle').click();
    await fill(page, 'network-neurons', '500');
    await fill(page, 'network-raster', '50');
    await page.getByTestId('network-recovery-shared').check();
    // The form's fixed step is the network's; an adaptive method's first step is not, so the model's default is taken.
    await expect.poll(() => page.getByTestId('network-dt').textContent()).toMatch(/dt = 5e-4\s+\(the form’s dt\)/);
    await page.getByTestId('solver-method').selectOption('dopri5');
    await expect.poll(() => page.getByTestId('network-dt').textContent()).toMatch(/dt = (0\.001|1e-3)\s+\(the form’s method is adaptive/);
    await page.getByTestId('network-run').click();
    await waitIdle(page, 2);
    expect(s.countJobs('network')).toBe(1);

    const labels = await page.getByTestId('legend-label').allTextContents();
    expect(labels).toEqual(['mean field', 'network N=500 shared']);
    const r = (await chartData(page)).find((c) => c.name === 'timeseries:r')!;
    expect(r.labels).toEqual(labels);
    // Both series carry samples over the whole run, on the shared time axis.
    for (const y of r.ys) expect(y.filter((v) => v !== null).length).toBeGreaterThan(100);
    expect(Math.max(...r.x)).toBeCloseTo(40, 6);

    // The raster panel toggles; it holds the recorded neurons' spikes (indices within 0..499).
    expect(await page.getByTestId('raster-panel').count()).toBe(0);
    await page.getByTestId('raster-toggle').check();
    await page.getByTestId('raster-panel').waitFor();
    const raster = (await chartData(page)).find((c) => c.name === 'raster')!;
    expect(raster.x.length).toBeGreaterThan(10);
    expect(Math.min(...(raster.ys[0] as number[]))).toBeGreaterThanOrEqual(0);
    expect(Math.max(...(raster.ys[0] as number[]))).toBeLessThan(500);
    await page.getByTestId('raster-toggle').uncheck();
    expect(await page.getByTestId('raster-panel').count()).toBe(0);

    const before = await observe(page);
    const file = join(s.exportDir, 'network.mfproj');
    s.dialogs.savePaths.push(file);
    await page.keyboard.press('Control+s');
    await waitSaved(page, 'network.mfproj');
    await page.reload();
    await page.getByTestId('param-g').waitFor();
    s.dialogs.openPaths.push(file);
    await page.keyboard.press('Control+o');
    await waitRuns(page, 2);
    await waitSaved(page, 'network.mfproj');
    expect(await observe(page)).toEqual(before);
    await page.getByTestId('raster-toggle').check();
    expect((await chartData(page)).find((c) => c.name === 'raster')!.x).toEqual(raster.x);
  });

  it('Ctrl+Shift+Enter starts the network; Esc cancels it and keeps the samples so far', async () => {
    const s = (session = await openStudio());
    const { page } = s;
    await fill(page, 'input-I_ext-baseline', '0.15');
    await fill(page, 'solver-tEnd', '5000');
    await page.getByTestId('network-toggle').click();
    await fill(page, 'network-neurons', '4000');
    await page.getByTestId('param-g').focus();
    await page.keyboard.press('Control+Shift+Enter');
    await page.waitForFunction(
      () =>
        /^t = [1-9]/.test(
          (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }).document
            .querySelector('[data-testid="status"]')
            ?.textContent?.match(/t = .*/)?.[0] ?? '',
        ),
      null,
      {
        timeout: 60_000,
        polling: 100,
      },
    );
    await page.keyboard.press('Escape');
    await waitIdle(page, 1);
    expect(s.countJobs('network')).toBe(1);
    expect(await page.getByTestId('legend-label').allTextContents()).toEqual(['network N=4000 individual (cancelled)']);
    const r = (await chartData(page)).find((c) => c.name === 'timeseries:r')!;
    expect(r.x.length).toBeGreaterThan(5);
    expect(Math.max(...r.x)).toBeLessThan(5000);
  });

  it('the recovery copy holds the network run with its raster', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'meanfield-e2e-network-'));
    try {
      const s = (session = await openStudio({ userDataDir: userData, recoveryIntervalMs: 300 }));
      const { page } = s;
      await fill(page, 'input-I_ext-baseline', '0.15');
      await fill(page, 'solver-tEnd', '20');
      await page.getByTestId('network-toggle').click();
      await fill(page, 'network-neurons', '300');
      await fill(page, 'network-raster', '30');
      await page.getByTestId('network-run').click();
      await waitIdle(page, 1);
      const copy = join(userData, 'recovery', RECOVERY_FILE);
      const stored = () => {
        if (!existsSync(copy)) return null;
        const text = readFileSync(copy, 'utf8');
        const parsed = parseProjectFile(text.slice(text.indexOf('\n') + 1));
        const net = parsed.ok ? parsed.project.runs[0]?.network : undefined;
        return net ? [net.settings.neurons, net.raster?.neurons.length, net.raster!.time.length > 0] : null;
      };
      await expect.poll(stored, { timeout: 15_000 }).toEqual([300, 30, true]);
    } finally {
      await session?.close();
      session = null;
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
