/**
 * Families of limit cycles in project files (layout version 6): a version-5 file opens unchanged
 * with no families; families (a full one, a cancelled one, orbits with NaN and -0 in them) come back
 * bit for bit with and without compression; a damaged family is refused with the path of the
 * field at fault.
 */
import { describe, expect, it } from 'vitest';
import { parseProject } from '@shared/project/parse';
import { serializeProject } from '@shared/project/serialize';
import { PROJECT_VERSION, type Project } from '@shared/project/types';
import { bitDiff, cycleFamily, orbitStartFamily, richProject, zlibCodec } from './helpers';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const base = richProject();
const full = cycleFamily(1, base.branches[0]);
const cancelled = cycleFamily(2, base.branches[0], 12);

/** An orbit of `rows` rows for a family with `n` states: phase, then states (NaN and -0 included to test bit-exactness). */
function orbit(rows: number, n: number, seed: number): Float64Array {
  const o = new Float64Array(rows * (n + 1));
  for (let i = 0; i < rows; i++) {
    o[i * (n + 1)] = i / (rows - 1);
    for (let k = 1; k <= n; k++) o[i * (n + 1) + k] = Math.sin(seed + i * 0.1 + k) / 3;
  }
  o[1] = -0;
  o[o.length - 1] = NaN;
  return o;
}

function project(): Project {
  const p = richProject();
  const withOrbits = structuredClone(full);
  withOrbits.id = 3;
  const b = withOrbits.result.branch!;
  const rows = b.ntst * b.ncol + 1;
  b.points[2].orbit = orbit(rows, b.stateNames.length, 2);
  b.points[7].orbit = orbit(rows, b.stateNames.length, 7);
  b.special[0].point.orbit = orbit(rows, b.stateNames.length, 99);
  b.points[3].multipliers[1] = [-0, NaN];
  p.cycles = [full, cancelled, withOrbits];
  p.view = { ...p.view, selectedCycle: 2, cycleMeasure: 'period' };
  return p;
}

function errorsOf(d: Json): string[] {
  const r = parseProject(JSON.stringify(d));
  if (r.ok) throw new Error('expected the file to be refused');
  return r.errors.map((e) => `${e.path}: ${e.message}`);
}

describe('cycle families in project files', () => {
  it('the traced families are what the tests need: a fold of cycles on the full one, a short cancelled one', () => {
    expect(full.result.status).toBe('ok');
    expect(full.result.branch!.special.map((s) => s.type)).toContain('LPC');
    expect(cancelled.result.status).toBe('cancelled');
    expect(cancelled.result.branch!.points.length).toBeLessThan(full.result.branch!.points.length);
  });

  it('version 6 is written', () => {
    expect(PROJECT_VERSION).toBe(6);
    expect(JSON.parse(serializeProject(project())).version).toBe(6);
  });

  it('a version-5 file opens unchanged, with no families and the extrema plotted', () => {
    const p = richProject();
    const d = JSON.parse(serializeProject(p)) as Json;
    d.version = 5;
    delete d.cycles;
    delete d.view.selectedCycle;
    delete d.view.cycleMeasure;
    const r = parseProject(JSON.stringify(d));
    if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
    expect(r.migratedFrom).toBe(5);
    expect(r.warnings).toEqual([]);
    expect(r.project.cycles).toEqual([]);
    expect(r.project.view.selectedCycle).toBeNull();
    expect(r.project.view.cycleMeasure).toBe('extrema');
    expect(bitDiff(r.project, p)).toBeNull();
  });

  it('families come back bit for bit (orbits, NaN and -0 included), with and without compression, and write the same text again', () => {
    const p = project();
    for (const codec of [undefined, zlibCodec]) {
      const text = serializeProject(p, { codec });
      const back = parseProject(text, { codec });
      if (!back.ok) throw new Error(JSON.stringify(back.errors.slice(0, 3)));
      expect(back.warnings).toEqual([]);
      expect(bitDiff(back.project.cycles, p.cycles)).toBeNull();
      expect(bitDiff(back.project.view, p.view)).toBeNull();
      const orbits = JSON.parse(text).cycles[2].result.branch.points.orbits as unknown[];
      expect(orbits.filter((o) => o !== null)).toHaveLength(2);
      expect(JSON.parse(text).cycles[0].result.branch.points.orbits).toBeUndefined();
      expect(serializeProject(back.project, { codec })).toBe(text);
    }
  });

  it('a family started from a run keeps its samples bit for bit and where the run lies on it', () => {
    const p = richProject();
    p.cycles = [orbitStartFamily(4, full)];
    for (const codec of [undefined, zlibCodec]) {
      const text = serializeProject(p, { codec });
      const back = parseProject(text, { codec });
      if (!back.ok) throw new Error(JSON.stringify(back.errors.slice(0, 3)));
      expect(bitDiff(back.project.cycles, p.cycles)).toBeNull();
      expect(back.project.cycles[0].result.branch!.startIndex).toBe(3);
      expect(JSON.parse(text).cycles[0].request.start.kind).toBe('orbit');
    }
    const d = JSON.parse(serializeProject(p)) as Json;
    d.cycles[0].request.start.y.pop();
    expect(errorsOf(d)).toEqual(['cycles[0].request.start.y: must hold 4 lists of samples, one per state variable (r, v, u, s), got 3']);
    const e = JSON.parse(serializeProject(p)) as Json;
    e.cycles[0].request.start.kind = 'spline';
    expect(errorsOf(e)[0]).toMatch(/^cycles\[0\]\.request\.start\.kind: /);
    const f = JSON.parse(serializeProject(p)) as Json;
    f.cycles[0].result.branch.startIndex = 10_000;
    expect(errorsOf(f)[0]).toMatch(/^cycles\[0\]\.result\.branch\.startIndex: must be a whole number from 0 to /);
  });

  it('refuses a damaged family, naming the field', () => {
    const good = JSON.parse(serializeProject(project())) as Json;
    const damage = (f: (d: Json) => void): string[] => {
      const d = structuredClone(good);
      f(d);
      return errorsOf(d);
    };
    const fam = (d: Json) => d.cycles[0].result.branch;
    const n = full.result.branch!.points.length;
    expect(damage((d) => (fam(d).points.period = { ...fam(d).points.period, length: 3 }))).toEqual([
      `cycles[0].result.branch.points.period: must hold ${n} values (got 3)`,
    ]);
    expect(damage((d) => fam(d).points.mulRe.pop())).toEqual(['cycles[0].result.branch.points.mulRe: must hold 4 columns (one per state), got 3']);
    expect(damage((d) => (fam(d).points.stable = '01'))).toEqual([
      `cycles[0].result.branch.points.stable: must be ${n} characters '0' (unstable) or '1' (stable)`,
    ]);
    expect(damage((d) => (fam(d).special[0].index = n + 5))).toEqual([`cycles[0].result.branch.special[0].index: must be a whole number from 0 to ${n - 1}`]);
    expect(damage((d) => (fam(d).special[0].type = 'LP'))).toEqual([`cycles[0].result.branch.special[0].type: must be one of 'LPC', 'PD', 'NS', 'BP', 'UZ'`]);
    expect(damage((d) => fam(d).special[0].point.multipliers.pop())).toEqual([
      'cycles[0].result.branch.special[0].point.multipliers: must hold 4 multipliers (one per state), got 3',
    ]);
    expect(damage((d) => (fam(d).param = 'eta'))).toEqual([`cycles[0].result.branch.param: must be the request's parameter 'g'`]);
    expect(damage((d) => (fam(d).ntst = 1))).toEqual(['cycles[0].result.branch.ntst: must be a whole number from 2 to 2000']);
    expect(damage((d) => fam(d).ends.pop())).toEqual(['cycles[0].result.branch.ends: must hold the two ends of the family (its birth and why it stopped)']);
    expect(damage((d) => (fam(d).ends[1].reason = 'gone'))[0]).toMatch(/^cycles\[0\]\.result\.branch\.ends\[1\]\.reason: must be one of 'bound'/);
    expect(damage((d) => (d.cycles[0].result.status = 'noStart'))[0]).toMatch(/^cycles\[0\]\.result\.status: must be one of 'ok', 'cancelled'/);
    expect(damage((d) => (d.cycles[0].result.branch = null))).toEqual(['cycles[0].result.branch: a stored family must hold its points']);
    // An orbit must be NTST * NCOL + 1 rows of phase and the 4 states.
    const rows = full.result.branch!.ntst * full.result.branch!.ncol + 1;
    expect(
      damage((d) => {
        const o = d.cycles[2].result.branch.points.orbits;
        o[2] = { ...o[2], length: o[2].length - 5 };
      }),
    ).toEqual([`cycles[2].result.branch.points.orbits[2]: must hold ${rows * 5} values (got ${rows * 5 - 5})`]);
    expect(damage((d) => d.cycles[2].result.branch.points.orbits.pop())).toEqual([
      `cycles[2].result.branch.points.orbits: must hold ${n} orbits (null for a point without), got ${n - 1}`,
    ]);
    // The request is checked as the app checks it.
    expect(damage((d) => (d.cycles[0].request.bounds = [1, 3]))[0]).toMatch(
      /^cycles\[0\]\.request\.bounds: the range \[1, 3\] does not contain the Hopf point/,
    );
    expect(damage((d) => (d.cycles[0].request.ncol = 9))).toEqual(['cycles[0].request.ncol: must be a whole number from 2 to 7 (got 9)']);
    expect(damage((d) => (d.cycles[0].request.settings.stepSize = 1))).toEqual(['cycles[0].request.settings.stepSize: is not a setting']);
    expect(damage((d) => (d.cycles[0].request.start.omega = -1))[0]).toMatch(/^cycles\[0\]\.request\.start\.omega: /);
    // Ids are unique; the view's measure is one of two.
    expect(damage((d) => (d.cycles[1].id = d.cycles[0].id))).toEqual(['cycles[1].id: id 1 is used twice']);
    expect(damage((d) => (d.view.cycleMeasure = 'amplitude'))).toEqual([`view.cycleMeasure: must be one of 'extrema', 'period'`]);
  });

  it('a selection of a family that is not stored is dropped with a warning', () => {
    const d = JSON.parse(serializeProject(project())) as Json;
    d.view.selectedCycle = 42;
    const r = parseProject(JSON.stringify(d));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.project.view.selectedCycle).toBeNull();
    expect(r.warnings.map((w) => w.path)).toEqual(['view.selectedCycle']);
  });
});
