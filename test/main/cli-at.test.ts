/** `meanfield continue --at P=V`: user points through the built CLI, checked against the engine in-process. */
import { beforeAll, describe, expect, it } from 'vitest';
import { getTemplate } from '@shared/models/templates';
import { compileModel } from '../../src-main/engine/compile';
import { runContinuation } from '../../src-main/engine/continuation/run';
import { ensureBuild } from './ensure-build';
import { meanfield } from './cli-run';
import { ikNodimBranchRequest } from './engine/fixtures/ik-nodim-hb1';

const BASE = ['continue', '--model', 'ik_nodim', '--param', 'g', '--from', '0', '--to', '3', '--input', 'I_ext=0.15'];

beforeAll(() => ensureBuild());

describe('meanfield continue --at', () => {
  it('lists each user point as UZ at exactly the value, in order with the Hopf points, as the engine does', () => {
    const r = meanfield(...BASE, '--at', 'g=2.5', '--at', 'g = 1.2');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.settings.at).toEqual([2.5, 1.2]);
    const special = doc.branches[0].special as { label: string; type: string; p: number; state: Record<string, number> }[];
    expect(special.map((s) => s.label)).toEqual(['HB1', 'UZ1', 'HB2', 'UZ2']);
    expect(special.filter((s) => s.type === 'UZ').map((s) => s.p)).toEqual([1.2, 2.5]);
    const ref = runContinuation(compileModel(getTemplate('ik_nodim')!), { ...ikNodimBranchRequest(), at: [2.5, 1.2] }).branch!;
    expect(special.map((s) => Object.values(s.state))).toEqual(ref.special.map((s) => s.x));
    expect(doc.message).toContain('UZ1 at g = 1.2');
  });

  it('refuses a value of another parameter, one outside the range, and a malformed one, naming --at', () => {
    expect(meanfield(...BASE, '--at', 'eta=0.5').stderr).toMatch(
      /^meanfield: --at eta=0\.5: a user point is a value of the continuation parameter; write --at g=VALUE/,
    );
    expect(meanfield(...BASE, '--at', 'g=4').stderr).toMatch(/^meanfield: --at g=4: must lie inside the range --from 0 --to 3/);
    expect(meanfield(...BASE, '--at', '0.5').stderr).toMatch(/^meanfield: --at 0\.5: expected NAME=VALUE/);
    expect(meanfield('help', 'continue').stdout).toContain('--at P=V');
  });
});
