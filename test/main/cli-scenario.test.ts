/**
 * `meanfield simulate/continue --scenario NAME` and the scenario lines of `meanfield models`,
 * through the real command (bin/meanfield.mjs on the built CLI).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findScenario, SCENARIOS, scenarioRequest } from '@shared/models/scenarios';
import { getTemplate } from '@shared/models/templates';
import { compileModel } from '../../src-main/engine/compile';
import { simulate } from '../../src-main/engine/simulate';
import { ensureBuild, ROOT } from './ensure-build';

const BIN = join(ROOT, 'bin/meanfield.mjs');

function meanfield(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 30 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => ensureBuild(), 180_000);

describe('meanfield --scenario', () => {
  it('simulate: applies the scenario (parameters, input and its window, T), then --set on top', () => {
    const r = meanfield('simulate', '--model', 'ik_theta', '--scenario', 'weak-adaptation', '--set', 'g=14', '--t-end', '20', '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { settings: { params: Record<string, number>; inputs: Record<string, unknown>; solver: Record<string, number> } };
    const s = findScenario('ik_theta', 'weak-adaptation')!;
    expect(out.settings.params).toMatchObject({ ...s.params, g: 14 });
    expect(out.settings.inputs.I_ext).toEqual({ kind: 'schedule', baseline: 40, windows: [{ start: 1000, stop: 2000, value: 60 }] });
    expect(out.settings.solver).toMatchObject({ tEnd: 20, dt: 5e-4, sample: 0.1 });
  });

  it('simulate: with the scenario alone, prints what the engine computes for the scenario request', () => {
    const s = findScenario('ik_theta', 'strong-adaptation')!;
    const r = meanfield('simulate', '--model', 'ik_theta', '--scenario', s.name);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    const expected = simulate(compileModel(getTemplate('ik_theta')!), scenarioRequest(s));
    expect(lines.length - 1).toBe(expected.t.length);
    const last = lines.at(-1)!.split(',').map(Number);
    expect(last[0]).toBe(s.tEnd);
    expect(last[1]).toBe(expected.columns[0].at(-1));
  });

  it('continue: starts from the scenario parameters and input baseline', () => {
    const r = meanfield('continue', '--model', 'ik_theta', '--scenario', 'weak-adaptation', '--param', 'I_ext', '--from', '0', '--to', '100');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      settings: { params: Record<string, number>; inputs: Record<string, number> };
      branches: { special: { type: string; p: number }[] }[];
    };
    expect(out.settings.params).toMatchObject({ d: 10, g: 15, k: 0.7 });
    expect(out.settings.inputs.I_ext).toBe(40);
    // The bistable range the scenario's description speaks of: two folds, around I_ext = 40.
    const folds = out.branches[0].special
      .filter((q) => q.type === 'LP')
      .map((q) => q.p)
      .sort((a, b) => a - b);
    expect(folds).toHaveLength(2);
    expect(folds[0]).toBeLessThan(40);
    expect(folds[1]).toBeGreaterThan(40);
    expect(folds[1]).toBeLessThan(60);
  });

  it('an unknown scenario is one clear error naming the valid ones (exit 2)', () => {
    const r = meanfield('simulate', '--model', 'ik_theta', '--scenario', 'bursting');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("meanfield: --scenario: unknown scenario 'bursting' for ik_theta (scenarios: weak-adaptation, strong-adaptation)\n");
    const c = meanfield('continue', '--model', 'ik_nodim', '--scenario', 'strong-adaptation', '--param', 'g', '--from', '0', '--to', '3');
    expect(c.code).toBe(2);
    expect(c.stderr).toContain("unknown scenario 'strong-adaptation' for ik_nodim (scenarios: asynchronous, oscillating)");
  });

  it('without a scenario, --t-end and --dt stay required', () => {
    const r = meanfield('simulate', '--model', 'ik_theta');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--t-end: required');
  });

  it('models lists every scenario under its template, with its source', () => {
    const r = meanfield('models');
    expect(r.code).toBe(0);
    for (const s of SCENARIOS) {
      const block = r.stdout.slice(r.stdout.indexOf(`${s.model} (version`));
      const end = block.indexOf('\n\n', block.indexOf('scenarios (--scenario NAME):'));
      const own = block.slice(0, end < 0 ? undefined : end);
      expect(own, `${s.model}/${s.name}`).toContain(`    ${s.name}`);
      expect(own).toContain(`source: ${s.source}`);
    }
  });
});
