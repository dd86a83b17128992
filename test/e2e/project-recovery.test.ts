/**
 * End to end: crash recovery in headless Chromium with the real handlers, recovery store and engine
 * workers (see harness.ts). The page writes its recovery copy on a short test interval
 * (`recoveryIntervalMs`, the page's `?test&recoveryMs=N`; the app writes every 30 s). A "crash" is
 * closing the browser and the handlers without any clean exit; the next start with the same
 * user-data folder offers the copy: Restore brings back the runs and forms (unsaved), Discard
 * deletes it. Leaving the changes cleanly (Save, or New / Open with Don't Save) deletes it too.
 * Restore asks about this session's own unsaved changes first, and waits for a running job.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RECOVERY_FILE } from '../../src-main/services/recovery';
import { parseProjectFile } from '../../src-main/services/project-codec';
import { fill, openStudio, runAndWait, type StudioSession } from './harness';
import { fileStatus, observe, waitRuns, waitSaved } from './project-helpers';

/** Short enough for a test, long enough that the page does other work in between. */
const TEST_INTERVAL_MS = 250;

let sessions: StudioSession[] = [];
let userData: string | null = null;

afterEach(async () => {
  for (const s of sessions) await s.close();
  sessions = [];
  if (userData !== null) rmSync(userData, { recursive: true, force: true });
  userData = null;
});

async function start(withTimer = true): Promise<StudioSession> {
  userData ??= mkdtempSync(join(tmpdir(), 'meanfield-e2e-recovery-'));
  const s = await openStudio({ userDataDir: userData, recoveryIntervalMs: withTimer ? TEST_INTERVAL_MS : undefined });
  sessions.push(s);
  return s;
}

/** Closes the page and its handlers with no clean exit (no save, no New, no close prompt). */
async function crash(s: StudioSession): Promise<void> {
  await s.close();
  sessions = sessions.filter((x) => x !== s);
}

const copyPath = () => join(userData!, 'recovery', RECOVERY_FILE);

/** The recovery copy on disk: its header and the project inside (null when there is none). */
function readCopy() {
  if (!existsSync(copyPath())) return null;
  const text = readFileSync(copyPath(), 'utf8');
  const nl = text.indexOf('\n');
  const header = JSON.parse(text.slice(0, nl)) as { document: { path: string | null; name: string }; savedAt: number };
  const parsed = parseProjectFile(text.slice(nl + 1));
  if (!parsed.ok) throw new Error(`the recovery copy does not open: ${parsed.errors[0]?.message}`);
  return { header, project: parsed.project };
}

/** Waits until the recovery copy holds `runs` runs and the g / eta fields as typed. */
async function waitCopy(runs: number, g: string, eta: string): Promise<void> {
  await expect
    .poll(
      () => {
        const c = readCopy();
        const p = c?.project.forms.ik_nodim?.simulation.params;
        return c === null ? null : [c.project.runs.length, p?.g, p?.eta];
      },
      { timeout: 15_000 },
    )
    .toEqual([runs, g, eta]);
}

/** Makes one run at g = 0.7 and then changes eta (so the form differs from the run). */
async function makeChanges(s: StudioSession): Promise<void> {
  await fill(s.page, 'solver-tEnd', '20');
  await fill(s.page, 'param-g', '0.7');
  await runAndWait(s.page, 1);
  await fill(s.page, 'param-eta', '-3');
  expect((await fileStatus(s.page))[1]).toBe('true');
}

describe('crash recovery', () => {
  it('writes a copy while dirty; after a crash Restore brings back the runs and forms, unsaved; Save deletes it', async () => {
    const s1 = await start();
    expect(readCopy()).toBeNull();
    await makeChanges(s1);
    await waitCopy(1, '0.7', '-3');
    expect(readCopy()!.header.document).toEqual({ path: null, name: 'Untitled' });
    const before = await observe(s1.page);
    await crash(s1);
    expect(readCopy()).not.toBeNull();

    const s2 = await start();
    const { page } = s2;
    const banner = page.getByTestId('recovery-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Untitled');
    expect(await page.getByTestId('run-item').count()).toBe(0);
    // Edits before answering never overwrite the offered copy.
    await fill(page, 'param-g', '2.5');
    await new Promise((ok) => setTimeout(ok, 3 * TEST_INTERVAL_MS));
    expect(readCopy()!.project.forms.ik_nodim?.simulation.params.g).toBe('0.7');

    // This session's edit is unsaved: Restore asks first (Don't Save).
    s2.dialogs.confirms.push('discard');
    await page.getByTestId('recovery-restore').click();
    await waitRuns(page, 1);
    await expect.poll(() => banner.count()).toBe(0);
    expect(s2.count('confirmDiscard')).toBe(1);
    await expect.poll(async () => (await observe(page)).charts.length).toBe(before.charts.length);
    expect(await observe(page)).toEqual(before);
    expect(await fileStatus(page)).toEqual(['Untitled', 'true']);
    expect(s2.countJobs('simulation')).toBe(0);
    expect(readCopy()).not.toBeNull();

    const file = join(s2.exportDir, 'recovered.mfproj');
    s2.dialogs.savePaths.push(file);
    await page.keyboard.press('Control+s');
    await waitSaved(page, 'recovered.mfproj');
    expect(existsSync(copyPath())).toBe(false);
    // Saved and unchanged: no new copy.
    await new Promise((ok) => setTimeout(ok, 3 * TEST_INTERVAL_MS));
    expect(existsSync(copyPath())).toBe(false);
    expect(s2.errors).toEqual([]);
  });

  it("Discard deletes the offered copy; later changes get a new copy, which New with Don't Save deletes", async () => {
    const s1 = await start();
    await makeChanges(s1);
    await waitCopy(1, '0.7', '-3');
    await crash(s1);

    const s2 = await start();
    const { page } = s2;
    await page.getByTestId('recovery-banner').waitFor();
    await page.getByTestId('recovery-discard').click();
    await expect.poll(() => page.getByTestId('recovery-banner').count()).toBe(0);
    expect(existsSync(copyPath())).toBe(false);
    expect(await page.getByTestId('run-item').count()).toBe(0);
    expect(await fileStatus(page)).toEqual(['Untitled', 'false']);

    // This session's own changes are protected again...
    await fill(page, 'param-g', '1.1');
    await waitCopy(0, '1.1', '0');
    // ...until they are discarded with New (Don't Save).
    s2.dialogs.confirms.push('discard');
    await page.keyboard.press('Control+n');
    await waitSaved(page, 'Untitled');
    await expect.poll(() => existsSync(copyPath())).toBe(false);
    await new Promise((ok) => setTimeout(ok, 3 * TEST_INTERVAL_MS));
    expect(existsSync(copyPath())).toBe(false);
    await crash(s2);

    // Nothing to offer at the next start.
    const s3 = await start(false);
    await s3.page.waitForTimeout(500);
    expect(await s3.page.getByTestId('recovery-banner').count()).toBe(0);
    expect(s3.errors).toEqual([]);
  });

  it("Restore asks before replacing this session's unsaved changes and is refused while a job runs", async () => {
    const s1 = await start();
    await makeChanges(s1);
    await waitCopy(1, '0.7', '-3');
    await crash(s1);

    const s2 = await start(false);
    const { page } = s2;
    const banner = page.getByTestId('recovery-banner');
    await banner.waitFor();
    // Work in this session before answering the offer.
    await page.getByTestId('solver-method').selectOption('rk4');
    // A run of many seconds (cancelled below).
    await fill(page, 'solver-dt', '5e-4');
    await fill(page, 'solver-sample', '1');
    await fill(page, 'solver-tEnd', '100000');
    await fill(page, 'param-g', '2.5');
    await expect.poll(() => fileStatus(page)).toEqual(['Untitled', 'true']);

    // Cancel: nothing read, nothing replaced, the offer stays.
    s2.dialogs.confirms.push('cancel');
    await page.getByTestId('recovery-restore').click();
    await expect.poll(() => s2.count('confirmDiscard')).toBe(1);
    expect(s2.count('restoreRecovery')).toBe(0);
    expect(await page.getByTestId('param-g').inputValue()).toBe('2.5');
    expect(await banner.count()).toBe(1);

    // A job runs: refused with a message before any question; the offer stays.
    await page.getByTestId('run').click();
    await expect.poll(() => page.getByTestId('status').getAttribute('data-phase')).not.toBe('idle');
    await page.getByTestId('recovery-restore').click();
    await expect.poll(() => page.getByTestId('last-error').textContent()).toMatch(/Wait for the running job/);
    expect(s2.count('confirmDiscard')).toBe(1);
    expect(s2.count('restoreRecovery')).toBe(0);
    expect(await banner.count()).toBe(1);
    await page.getByTestId('cancel').click();
    await expect.poll(() => page.getByTestId('status').getAttribute('data-phase')).toBe('idle');

    // Don't Save: the copy replaces this session's work, unsaved, in the page and in main.
    s2.dialogs.confirms.push('discard');
    await page.getByTestId('recovery-restore').click();
    await expect.poll(() => page.getByTestId('param-g').inputValue()).toBe('0.7');
    expect(s2.count('confirmDiscard')).toBe(2);
    expect(await page.getByTestId('param-eta').inputValue()).toBe('-3');
    await expect.poll(() => banner.count()).toBe(0);
    expect(await fileStatus(page)).toEqual(['Untitled', 'true']);
    expect(s2.document.dirty).toBe(true);
    expect(s2.document.recoveryPending).toBe(false);
    expect(s2.errors).toEqual([]);
  });

  it("Open with Don't Save deletes the copy of the discarded changes", async () => {
    const s = await start();
    const { page } = s;
    const file = join(s.exportDir, 'plain.mfproj');
    s.dialogs.savePaths.push(file);
    await page.keyboard.press('Control+s');
    await waitSaved(page, 'plain.mfproj');
    await makeChanges(s);
    await waitCopy(1, '0.7', '-3');
    expect(readCopy()!.header.document.name).toBe('plain.mfproj');

    s.dialogs.confirms.push('discard');
    s.dialogs.openPaths.push(file);
    await page.keyboard.press('Control+o');
    await waitSaved(page, 'plain.mfproj');
    await waitRuns(page, 0);
    await expect.poll(() => existsSync(copyPath())).toBe(false);
    expect(s.errors).toEqual([]);
  });
});
