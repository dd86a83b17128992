/**
 * End to end: a project with its own model in headless Chromium with the real handlers, file
 * services and engine workers. A version-2 file with a custom model opens (migrated), the model is
 * listed and selected with its form, a new run of it goes to the engine with its definition, Save
 * writes version 3 with the definition once in the library, and the reopened project shows the same.
 * Editing the model (through the studio's library, as the model editor does) keeps the earlier
 * definition for the runs made with it; `meanfield run` on the saved file re-computes each run with
 * its own definition, all differences 0.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { modelHash } from '@shared/models/identity';
import { parseProjectFile } from '../../src-main/services/project-codec';
import type { ModelDef } from '@shared/models/types';
import { PROJECT_VERSION } from '@shared/project/types';
import { CUSTOM, CUSTOM_EARLIER } from '../shared/project/helpers';
import { chartData, fill, openStudio, ROOT, runAndWait, type StudioSession } from './harness';
import { waitRuns, waitSaved } from './project-helpers';

let session: StudioSession | null = null;

afterEach(async () => {
  await session?.close();
  session = null;
});

describe('a project with its own model in the UI', () => {
  it('opens, runs the custom model, saves version 3 with the definition once and reopens the same', async () => {
    const s = (session = await openStudio());
    const { page } = s;
    const file = join(s.exportDir, 'oscillator.mfproj');
    copyFileSync(join(ROOT, 'test/fixtures/project-v2-custom.mfproj'), file);

    s.dialogs.openPaths.push(file);
    await page.keyboard.press('Control+o');
    await waitRuns(page, 2);
    // The custom model is selected with its own form (parameters w and zeta).
    await page.getByTestId('param-w').waitFor();
    expect(await page.getByTestId('param-w').inputValue()).toBe('3');

    await fill(page, 'param-w', '2.5');
    await runAndWait(page, 3);
    await page.keyboard.press('Control+s');
    await waitSaved(page, 'oscillator.mfproj');

    const text = readFileSync(file, 'utf8');
    const raw = JSON.parse(text);
    expect(raw.version).toBe(PROJECT_VERSION);
    expect(raw.models.map((m: { hash: string; current: boolean }) => [m.hash, m.current])).toEqual([[modelHash(CUSTOM), true]]);
    expect(text.split('"equations"').length - 1).toBe(1);
    const parsed = parseProjectFile(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const fresh = parsed.project.runs[2];
    expect(fresh.request.model).toBe('oscillator');
    expect(fresh.request.params.w).toBe(2.5);
    expect(modelHash(fresh.request.def!)).toBe(modelHash(CUSTOM));
    expect(fresh.result.status).toBe('ok');
    expect(parsed.project.model).toEqual({ kind: 'custom', name: 'oscillator', hash: modelHash(CUSTOM) });
    const before = (await chartData(page)).sort((a, b) => a.name.localeCompare(b.name));

    await page.reload();
    await page.getByTestId('param-g').waitFor();
    s.dialogs.openPaths.push(file);
    await page.keyboard.press('Control+o');
    await waitRuns(page, 3);
    await waitSaved(page, 'oscillator.mfproj');
    expect(await page.getByTestId('param-w').inputValue()).toBe('2.5');
    await expect.poll(async () => (await chartData(page)).length).toBe(before.length);
    expect((await chartData(page)).sort((a, b) => a.name.localeCompare(b.name))).toEqual(before);
    expect(s.errors).toEqual([]);
  });

  it('an edited model keeps its earlier definition for the runs made with it; meanfield run re-computes each with its own', async () => {
    const s = (session = await openStudio());
    const { page } = s;
    const file = join(s.exportDir, 'edited.mfproj');
    copyFileSync(join(ROOT, 'test/fixtures/project-v2-custom.mfproj'), file);
    s.dialogs.openPaths.push(file);
    await page.keyboard.press('Control+o');
    await waitRuns(page, 2);
    await page.getByTestId('param-w').waitFor();

    // The editor's call: a new definition of 'oscillator' (here the helpers' other definition of it:
    // zeta's default and the acceleration changed).
    const edited: ModelDef = { ...CUSTOM_EARLIER };
    const result = await page.evaluate(
      ([def]) =>
        (globalThis as unknown as { __mfTest: { library(): { replace(n: string, d: unknown): { ok: boolean } } } }).__mfTest
          .library()
          .replace('oscillator', def),
      [edited] as const,
    );
    expect(result.ok).toBe(true);
    // The form follows the new definition: values typed away from the old default stay (w = 3, default 2),
    // values at the old default take the new one (zeta: 0.1 -> 0.3).
    await expect.poll(() => page.getByTestId('param-zeta').inputValue()).toBe('0.3');
    expect(await page.getByTestId('param-w').inputValue()).toBe('3');
    await fill(page, 'param-zeta', '0.3');
    await runAndWait(page, 3);
    await page.keyboard.press('Control+s');
    await waitSaved(page, 'edited.mfproj');

    const parsed = parseProjectFile(readFileSync(file, 'utf8'));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const p = parsed.project;
    const [h, h0] = [modelHash(CUSTOM), modelHash(CUSTOM_EARLIER)];
    expect(p.models.map((m) => [m.hash, m.current, m.supersededBy])).toEqual([
      [h, false, h0],
      [h0, true, undefined],
    ]);
    expect(p.model).toEqual({ kind: 'custom', name: 'oscillator', hash: h0 });
    expect(p.runs.map((r) => (r.request.def ? modelHash(r.request.def) : r.request.model))).toEqual([h, 'ik_nodim', h0]);

    const out = join(s.exportDir, 'rerun');
    const stdout = execFileSync(process.execPath, [join(ROOT, 'bin/meanfield.mjs'), 'run', file, '--out', out], { encoding: 'utf8' });
    expect(stdout).toMatch(/run 1 \(oscillator #\w+, 21 samples\): matches, max \|Δ\| = 0\.00e\+0/);
    expect(stdout).toMatch(/run 3 \(oscillator #\w+, \d+ samples\): matches, max \|Δ\| = 0\.00e\+0/);
    expect(stdout).toMatch(/All results match/);
    expect(s.errors).toEqual([]);
  });
});
