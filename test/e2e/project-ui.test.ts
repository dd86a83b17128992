/**
 * End to end: saving and reopening a project in headless Chromium with the real handlers, file
 * services and engine workers (see harness.ts; the harness answers the native dialogs). Runs,
 * traces, zooms, saves with Ctrl+S, reloads the renderer, opens with Ctrl+O and compares what the
 * charts and forms hold; a corrupt file gives a clear error and leaves the project as it was; New
 * and Open with unsaved changes ask (Cancel keeps everything, Save saves first); an Open refused
 * because a job started while its dialog was up leaves main on the project still shown; the Help
 * menu's example opens as an untitled copy that Save never writes over.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseProjectFile } from '../../src-main/services/project-codec';
import { chartData, fill, openStudio, ROOT, runAndWait, type StudioSession } from './harness';
import { dragZoom, fileStatus, observe, traceAndWait, waitRuns, waitSaved } from './project-helpers';

const EXAMPLE = join(ROOT, 'examples', 'pyrates-izhikevich.mfproj');

/** The project stored in `path` (fails the test when it does not open). */
function readProject(path: string) {
  const parsed = parseProjectFile(readFileSync(path, 'utf8'));
  if (!parsed.ok) throw new Error(`${path}: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return parsed.project;
}

let session: StudioSession | null = null;

afterEach(async () => {
  await session?.close();
  session = null;
});

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
    await waitRuns(page, 2);
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

  it("asks before New replaces unsaved changes; Cancel keeps everything, Don't Save clears", async () => {
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

  it('asks before Open replaces unsaved changes; Cancel keeps everything, Save saves first and then opens', async () => {
    const s = (session = await openStudio());
    const { page } = s;
    await fill(page, 'solver-tEnd', '20');
    await fill(page, 'param-g', '0.5');
    await runAndWait(page, 1);
    const first = join(s.exportDir, 'first.mfproj');
    s.dialogs.savePaths.push(first);
    await page.keyboard.press('Control+s');
    await waitSaved(page, 'first.mfproj');

    await fill(page, 'param-g', '0.9');
    await runAndWait(page, 2);
    await fill(page, 'param-eta', '-2');
    expect(await fileStatus(page)).toEqual(['first.mfproj', 'true']);
    const before = await observe(page);

    // Cancel: no open dialog, nothing saved, nothing replaced.
    s.dialogs.confirms.push('cancel');
    s.dialogs.openPaths.push(first);
    await page.keyboard.press('Control+o');
    await expect.poll(() => s.count('confirmDiscard')).toBe(1);
    expect(s.count('openProject')).toBe(0);
    expect(s.count('saveProject')).toBe(1);
    expect(s.dialogs.openPaths).toEqual([first]);
    expect(await observe(page)).toEqual(before);
    expect(await fileStatus(page)).toEqual(['first.mfproj', 'true']);

    s.dialogs.openPaths.length = 0;

    // Save: the changes go to first.mfproj, then the chosen file opens.
    const other = join(s.exportDir, 'other.mfproj');
    writeFileSync(other, readFileSync(first, 'utf8'));
    s.dialogs.confirms.push('save');
    s.dialogs.openPaths.push(other);
    s.menu.push({ kind: 'open' });
    await waitSaved(page, 'other.mfproj');
    await waitRuns(page, 1);
    const calls = s.calls.map((c) => c.method).filter((m) => m === 'confirmDiscard' || m === 'saveProject' || m === 'openProject');
    expect(calls.slice(-3)).toEqual(['confirmDiscard', 'saveProject', 'openProject']);
    const saved = readProject(first);
    expect(saved.runs.map((r) => r.request.params.g)).toEqual([0.5, 0.9]);
    expect(saved.forms.ik_nodim?.simulation.params.eta).toBe('-2');
    expect(await page.getByTestId('param-g').inputValue()).toBe('0.5');
    expect(await page.getByTestId('param-eta').inputValue()).not.toBe('-2');
    expect(s.errors).toEqual([]);
  });

  it('an Open refused because a job started during its dialog keeps main on the shown project: Save asks where, the file read stays as it was', async () => {
    const s = (session = await openStudio());
    const { page } = s;
    const target = join(s.exportDir, 'target.mfproj');
    writeFileSync(target, readFileSync(EXAMPLE));
    const stored = readFileSync(target, 'utf8');
    // The untitled project with unsaved changes.
    await fill(page, 'param-g', '0.9');
    await expect.poll(() => fileStatus(page)).toEqual(['Untitled', 'true']);
    expect(s.document.dirty).toBe(true);

    // Don't Save; the open dialog stays up while a long run starts.
    let choose: (path: string) => void = () => undefined;
    s.dialogs.confirms.push('discard');
    s.dialogs.openPaths.push(new Promise<string>((ok) => (choose = ok)));
    await page.keyboard.press('Control+o');
    await expect.poll(() => s.count('openProject')).toBe(1);
    await page.getByTestId('solver-method').selectOption('rk4');
    // A run of many seconds (cancelled below).
    await fill(page, 'solver-dt', '5e-4');
    await fill(page, 'solver-sample', '1');
    await fill(page, 'solver-tEnd', '100000');
    await page.getByTestId('run').click();
    await expect.poll(() => page.getByTestId('status').getAttribute('data-phase')).not.toBe('idle');
    choose(target);
    await page.getByTestId('open-error').waitFor();
    expect(await page.getByTestId('open-error-message').textContent()).toMatch(/^Could not open target\.mfproj: Wait for the running job/);

    // The page and main agree: the unsaved Untitled project is still the open document.
    expect(await page.getByTestId('param-g').inputValue()).toBe('0.9');
    expect(await fileStatus(page)).toEqual(['Untitled', 'true']);
    expect(s.document.document).toEqual({ path: null, name: 'Untitled' });
    expect(s.document.dirty).toBe(true);

    await page.getByTestId('cancel').click();
    await expect.poll(() => page.getByTestId('status').getAttribute('data-phase')).toBe('idle');
    // Save asks where (cancelled here) instead of writing over the file that was read.
    await page.keyboard.press('Control+s');
    await expect.poll(() => s.count('saveProject')).toBe(1);
    expect(readFileSync(target, 'utf8')).toBe(stored);
    expect(s.document.document.path).toBeNull();
    expect(s.document.dirty).toBe(true);
    expect(s.errors).toEqual([]);
  });

  it('opens the example from the Help menu as an untitled copy: two runs, the g-branch with HB1 and HB2; Save asks where', async () => {
    const s = (session = await openStudio());
    const { page } = s;
    const stored = readProject(EXAMPLE);
    const exampleMtime = statSync(EXAMPLE).mtimeMs;

    s.menu.push({ kind: 'openExample' });
    await waitRuns(page, 2);
    await expect.poll(() => page.getByTestId('branch-item').count()).toBe(1);
    await waitSaved(page, 'pyrates-izhikevich.mfproj');
    expect(s.count('openExample')).toBe(1);
    expect(s.countJobs('simulation') + s.countJobs('continuation')).toBe(0);

    const legends = await page.getByTestId('legend-label').allTextContents();
    expect(legends).toHaveLength(2);
    expect(legends.some((l) => /g = 0\.5\b/.test(l))).toBe(true);
    expect(legends.some((l) => /g = 1\.5\b/.test(l))).toBe(true);
    const charts = await chartData(page);
    const r = charts.find((c) => c.name === 'timeseries:r');
    expect(r?.ys).toHaveLength(2);
    // The diagram marks the stored Hopf points, at their stored parameter values.
    const diagram = charts.find((c) => c.name === 'bifurcation') as unknown as { marks: { label: string; type: string; x: number }[] };
    const hopf = stored.branches[0].result.branch!.special.filter((p) => p.type === 'HB');
    expect(diagram.marks.filter((m) => m.type === 'HB').map((m) => [m.label, m.x])).toEqual(hopf.map((p) => [p.label, p.p]));
    expect(hopf.map((p) => p.label)).toEqual(['HB1', 'HB2']);
    await expect.poll(() => page.getByTestId('special-row-HB1').count()).toBe(1);
    expect(await page.getByTestId('special-row-HB2').count()).toBe(1);

    // Save asks where (the shipped file is never the target); a cancelled dialog saves nothing.
    await page.keyboard.press('Control+s');
    await expect.poll(() => s.count('saveProject')).toBe(1);
    expect(await fileStatus(page)).toEqual(['pyrates-izhikevich.mfproj', 'false']);
    const copy = join(s.exportDir, 'my-copy.mfproj');
    s.dialogs.savePaths.push(copy);
    await page.keyboard.press('Control+s');
    await waitSaved(page, 'my-copy.mfproj');
    expect(statSync(EXAMPLE).mtimeMs).toBe(exampleMtime);
    const saved = readProject(copy);
    expect(saved.runs.map((x) => x.request.params.g)).toEqual(stored.runs.map((x) => x.request.params.g));
    expect(saved.branches[0].result.branch!.special.map((p) => p.label)).toEqual(['HB1', 'HB2']);
    expect(s.errors).toEqual([]);
  });
});
