/**
 * End to end: the model editor in the built renderer, window.api routed to the real handlers and
 * engine workers (see harness.ts). A copy of ik_nodim with a typo shows the error at the parser's
 * column, is fixed, applied and simulated; a new model (leaky integrator) simulates to its known
 * solution; Escape cancels, Enter moves down a table, Delete is refused while a run uses the model;
 * a model exported as JSON imports back.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chartData, fill, openStudio, ROOT, runAndWait, type StudioSession } from './harness';

let session: StudioSession | null = null;

afterEach(async () => {
  await session?.close();
  session = null;
});

const poll = { timeout: 10_000 } as const;
const wait = { timeout: 10_000, interval: 50 } as const;

/** What a page-side callback reads (the node tsconfig that checks tests has no DOM library). */
interface PageDocument {
  document: { activeElement: { getAttribute(name: string): string | null } | null };
}

describe('the model editor', () => {
  it('duplicates ik_nodim, shows a typo at its column, applies the fix and simulates the copy', async () => {
    session = await openStudio();
    const { page } = session;
    await page.getByTestId('model-duplicate').click();
    const editor = page.getByTestId('model-editor');
    await editor.waitFor();
    expect(await page.getByTestId('editor-name').inputValue()).toBe('ik_nodim_copy');
    expect(await page.getByTestId('editor-status').textContent()).toContain('Valid model');

    const eq = page.getByTestId('equations-0-text');
    const original = await eq.inputValue();
    expect(original).toContain('Delta/(pi*tau)');
    const typo = original.replace('Delta/(pi*tau)', 'Delta/(pi*tua)');
    await eq.fill(typo);
    const issue = page.getByTestId('equations-0-issue');
    await issue.waitFor(poll);
    expect(await issue.getAttribute('data-column')).toBe(String(typo.indexOf('tua') + 1));
    expect(await page.getByTestId('equations-0-issue-token').textContent()).toBe('tua');
    expect(await issue.textContent()).toContain(`line 1, column ${typo.indexOf('tua') + 1}: unknown symbol 'tua'`);
    expect(await page.getByTestId('editor-apply').isDisabled()).toBe(true);
    // Ctrl+S with a problem left applies nothing.
    await eq.press('Control+s');
    expect(await editor.isVisible()).toBe(true);

    await eq.fill(original);
    await page.getByTestId('equations-0-math').waitFor(poll);
    expect(await page.getByTestId('equations-0-math').locator('.katex').count()).toBe(1);
    await expect.poll(() => page.getByTestId('editor-apply').isDisabled(), wait).toBe(false);
    await eq.press('Control+s');
    await editor.waitFor({ state: 'detached', timeout: 5_000 });

    expect(await page.getByTestId('model-picker').inputValue()).toBe('ik_nodim_copy');
    expect(await page.getByTestId('model-message').textContent()).toContain("Model 'ik_nodim_copy' added");
    await fill(page, 'solver-tEnd', '50');
    await runAndWait(page, 1);
    const r = (await chartData(page)).find((c) => c.name === 'timeseries:r')!;
    expect(r.x.length).toBeGreaterThan(100);
    expect(r.x.at(-1)).toBeCloseTo(50, 9);
    const values = r.ys[0].filter((v): v is number => v !== null);
    expect(values.length).toBe(r.x.length);
    expect(values.every(Number.isFinite)).toBe(true);
    expect(Math.max(...values)).toBeGreaterThan(0); // the rate rises from r(0) = 0

    // Delete is refused while the run uses the model, then done keeping the run's own copy.
    await page.getByTestId('model-delete').click();
    expect(await page.getByTestId('model-message').textContent()).toContain("1 stored run or branch was made with 'ik_nodim_copy'");
    await page.getByTestId('model-delete-keep').click();
    expect(await page.getByTestId('model-picker').inputValue()).toBe('ik_nodim');
    expect(await page.locator('[data-testid="model-picker"] option').allTextContents()).not.toContain('ik_nodim_copy');
    expect(await page.getByTestId('run-item').count()).toBe(1);
    expect(session.errors).toEqual([]);
  });

  it('New Model -> a leaky integrator that simulates to its known solution 1 - exp(-t/tau)', async () => {
    session = await openStudio();
    const { page } = session;
    await page.getByTestId('model-new').click();
    await page.getByTestId('model-editor').waitFor();
    await fill(page, 'editor-name', 'leaky');
    await fill(page, 'params-0-default', '2');
    await page.getByTestId('editor-apply').click();
    await page.getByTestId('model-editor').waitFor({ state: 'detached', timeout: 5_000 });
    expect(await page.getByTestId('model-picker').inputValue()).toBe('leaky');
    await page.getByTestId('equations').locator('.katex').first().waitFor();

    await fill(page, 'input-I_ext-baseline', '1');
    await page.getByTestId('solver-method').selectOption('rk4');
    await fill(page, 'solver-tEnd', '10');
    await fill(page, 'solver-dt', '1e-3');
    await fill(page, 'solver-sample', '0.1');
    await runAndWait(page, 1);
    const x = (await chartData(page)).find((c) => c.name === 'timeseries:x')!;
    expect(x.x.length).toBe(101);
    let worst = 0;
    x.x.forEach((t, i) => (worst = Math.max(worst, Math.abs((x.ys[0][i] as number) - (1 - Math.exp(-t / 2))))));
    expect(worst).toBeLessThan(1e-9); // RK4 with dt = 1e-3 on tau = 2: error ~ (dt/tau)^4

    // Continued too: the steady state x = I_ext, stable (eigenvalue -1/tau), traced over I_ext in [0, 2].
    await page.getByTestId('view-bifurcation').click();
    await page.getByTestId('cont-param').selectOption('I_ext');
    await fill(page, 'cont-from', '0');
    await fill(page, 'cont-to', '2');
    await page.getByTestId('trace').click();
    await page.getByTestId('branch-item').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('status').getAttribute('data-phase'), wait).toBe('idle');
    const diagram = (await chartData(page)).find((c) => c.name === 'bifurcation') as unknown as {
      facets: { x: number[]; y: (number | null)[]; dashed: boolean }[];
    };
    const points = diagram.facets.flatMap((f) => f.x.map((p, i) => [p, f.y[i], f.dashed] as const));
    expect(points.length).toBeGreaterThan(5);
    for (const [p, y, dashed] of points) {
      expect(Math.abs((y as number) - p)).toBeLessThan(1e-9);
      expect(dashed).toBe(false);
    }
    expect(Math.min(...points.map((q) => q[0]))).toBeLessThan(0.05);
    expect(Math.max(...points.map((q) => q[0]))).toBeGreaterThan(1.95);
    expect(session.errors).toEqual([]);
  });

  it('Escape cancels (asking first after changes), Enter moves to the next row (adding one), Edit makes a new version', async () => {
    session = await openStudio();
    const { page } = session;
    await page.getByTestId('model-new').click();
    await page.getByTestId('states-0-name').press('Enter');
    // Enter on the last row adds a row and moves there, same column.
    await expect
      .poll(() => page.evaluate(() => (globalThis as unknown as PageDocument).document.activeElement?.getAttribute('data-testid')), wait)
      .toBe('states-1-name');
    await page.keyboard.type('y');
    await page.getByTestId('states-1-name-issue').filter({ hasText: "no equation for y'" }).waitFor(poll);
    // With changes, the first Escape only asks; the second discards them.
    await page.keyboard.press('Escape');
    await page.getByTestId('editor-discard-ask').waitFor(poll);
    expect(await page.getByTestId('model-editor').count()).toBe(1);
    await page.keyboard.press('Escape');
    await page.getByTestId('model-editor').waitFor({ state: 'detached', timeout: 5_000 });
    expect(await page.locator('[data-testid="model-picker"] option').allTextContents()).toEqual(['ik_nodim', 'ik_eta', 'ik_theta']);

    // A model of one's own: Edit, change a default, Apply -> version 2.
    await page.getByTestId('model-new').click();
    await page.getByTestId('editor-apply').click();
    await page.getByTestId('model-edit').click();
    await fill(page, 'params-0-default', '3');
    await page.getByTestId('editor-apply').click();
    expect(await page.getByTestId('model-message').textContent()).toContain("Model 'my_model' is now version 2");
    expect(await page.getByTestId('param-tau').inputValue()).toBe('3');
    expect(session.errors).toEqual([]);
  });

  it('exports a model as JSON and imports it back as a new model', async () => {
    session = await openStudio();
    const { page } = session;
    await page.getByTestId('model-export').click();
    await page.getByTestId('export-choice').getByText('JSON').click();
    await page.getByTestId('model-message').waitFor();
    const file = join(session.exportDir, 'ik_nodim.json');
    expect(JSON.parse(readFileSync(file, 'utf8')).name).toBe('ik_nodim');

    session.dialogs.modelFiles.push(file);
    session.menu.push({ kind: 'importModel' });
    await page.getByTestId('model-editor').waitFor(poll);
    // The name is the template's: the import takes a name of its own.
    expect(await page.getByTestId('editor-name').inputValue()).toBe('ik_nodim_imported');
    await page.getByTestId('editor-apply').click();
    expect(await page.getByTestId('model-picker').inputValue()).toBe('ik_nodim_imported');
    expect(session.errors).toEqual([]);
  });

  it("imports PyRates' ik.yaml: the first circuit opens in the editor, the others are offered", async () => {
    session = await openStudio();
    const { page } = session;
    session.dialogs.modelFiles.push(join(ROOT, 'test/fixtures/pyrates/model_templates/neural_mass_models/ik.yaml'));
    session.menu.push({ kind: 'importModel' });
    await page.getByTestId('model-editor').waitFor(poll);
    expect(await page.getByTestId('editor-name').inputValue()).toBe('ik_nodim_imported');
    expect(await page.locator('#model-editor-title').textContent()).toContain('ik.yaml');
    expect(await page.getByTestId('equations-0-math').count()).toBe(1);
    await page.getByTestId('editor-apply').click();
    expect(await page.getByTestId('model-picker').inputValue()).toBe('ik_nodim_imported');
    const choices = page.getByTestId('import-choices');
    expect(await choices.getByRole('button').allTextContents()).toEqual(['ik_eta_imported', 'ik_theta_imported']);
    await choices.getByRole('button', { name: 'ik_theta_imported' }).click();
    expect(await page.getByTestId('editor-name').inputValue()).toBe('ik_theta_imported');
    await page.getByTestId('editor-apply').click();
    expect(await page.locator('[data-testid="model-picker"] optgroup[label="Your models"] option').allTextContents()).toEqual([
      'ik_nodim_imported',
      'ik_theta_imported',
    ]);
    expect(session.errors).toEqual([]);
  });
});
