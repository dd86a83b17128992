import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseProject } from '@shared/project/parse';
import { serializeProject } from '@shared/project/serialize';
import type { Project } from '@shared/project/types';
import { bitDiff, richProject, zlibCodec } from './helpers';

const ROOT = join(__dirname, '../../..');

let project: Project;
beforeAll(() => {
  project = richProject();
});

describe('project round trip', () => {
  it('holds every kind of content it is meant to test', () => {
    const statuses = project.runs.map((r) => r.result.status);
    expect(statuses).toContain('ok');
    expect(statuses).toContain('cancelled');
    expect(statuses).toContain('blowup');
    const blow = project.runs[3].result;
    expect(blow.columns.some((c) => c.some((v) => !Number.isFinite(v))) || blow.t.length > 0).toBe(true);
    expect(project.runs[1].result.t[0]).toBe(2.5); // cutoff
    expect(project.branches[0].result.branch!.special.some((s) => s.type === 'HB')).toBe(true);
  });

  for (const compressed of [false, true]) {
    it(`gives back the same project, bit for bit (${compressed ? 'compressed' : 'raw base64'} arrays)`, () => {
      const codec = compressed ? zlibCodec : undefined;
      const text = serializeProject(project, { codec, savedAt: '2025-01-01T00:00:00.000Z' });
      const back = parseProject(text, { codec });
      if (!back.ok) throw new Error(JSON.stringify(back.errors.slice(0, 5)));
      expect(back.warnings).toEqual([]);
      expect(bitDiff(back.project, project)).toBeNull();
      // Saving again gives the same text: the format is stable.
      expect(serializeProject(back.project, { codec, savedAt: '2025-01-01T00:00:00.000Z' })).toBe(text);
    });
  }

  it('keeps NaN payloads, -0 and infinities in arrays and scalars', () => {
    const p = richProject();
    const weird = new Float64Array([NaN, -0, 0, Infinity, -Infinity, 5e-324, -Number.MAX_VALUE, 1 / 3]);
    const bytes = new Uint8Array(weird.buffer);
    bytes[0] ^= 1; // a NaN with another payload
    const col = p.runs[0].result.columns[0];
    col.set(weird, 10);
    p.runs[0].result.stats.wallMs = -0;
    p.runs[0].result.blowup = { t: NaN, variable: 'r' };
    p.branches[0].result.branch!.special[0].l1 = -Infinity;
    p.branches[0].result.branch!.points[3].x[1] = NaN;
    for (const codec of [undefined, zlibCodec]) {
      const back = parseProject(serializeProject(p, { codec }), { codec });
      if (!back.ok) throw new Error(JSON.stringify(back.errors));
      expect(bitDiff(back.project, p)).toBeNull();
    }
  });

  it('without a codec, a compressed file is refused with a clear error', () => {
    const text = serializeProject(project, { codec: zlibCodec });
    const back = parseProject(text);
    expect(back.ok).toBe(false);
    if (!back.ok) expect(back.errors[0].message).toMatch(/compressed arrays/);
  });
});

describe('the shipped example', () => {
  const file = join(ROOT, 'examples/pyrates-izhikevich.mfproj');

  it('is under 5 MB, opens (timed, printed) and holds the seed runs and the g-branch with Hopf points', () => {
    const size = statSync(file).size;
    const text = readFileSync(file, 'utf8');
    const t0 = performance.now();
    const opened = parseProject(text, { codec: zlibCodec });
    const ms = performance.now() - t0;
    console.log(`example: ${(size / 1e6).toFixed(2)} MB, parsed in ${ms.toFixed(0)} ms`);
    expect(size).toBeLessThan(5e6);
    if (!opened.ok) throw new Error(JSON.stringify(opened.errors));
    const p = opened.project;
    expect(p.runs.map((r) => r.request.params.g)).toEqual([0.5, 1.5]);
    for (const r of p.runs) {
      expect(r.result.status).toBe('ok');
      expect(r.result.t.length).toBe(100_001);
      expect(r.request.solver).toMatchObject({ method: 'rk4', tEnd: 1000, dt: 5e-4, sample: 0.01 });
      expect(r.request.inputs.I_ext).toEqual({ kind: 'schedule', baseline: 0.15, windows: [{ start: 400, stop: 600, value: 0 }] });
    }
    expect(p.branches).toHaveLength(1);
    const b = p.branches[0];
    expect(b.request.param).toBe('g');
    expect(b.request.bounds).toEqual([0, 3]);
    expect(b.request.inputs.I_ext).toBe(0.15);
    expect(b.result.branch!.special.filter((s) => s.type === 'HB').length).toBeGreaterThan(0);
    expect(p.view.view).toBe('split');
  });
});
