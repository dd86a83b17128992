/**
 * Two-parameter curves in project files (layout version 4): a version-3 file opens with no curves
 * and the one-parameter diagram shown; curves of a template and of the project's own model come
 * back bit for bit (a neutral-saddle stretch of a Hopf curve keeps its null omega); a damaged curve
 * is refused by path.
 */
import { describe, expect, it } from 'vitest';
import { parseProject } from '@shared/project/parse';
import { serializeProject } from '@shared/project/serialize';
import { modelHash } from '@shared/models/identity';
import { PROJECT_VERSION, type Project } from '@shared/project/types';
import { bitDiff, branch, CUSP, cuspFoldCurve, hopfCurve, richProject, zlibCodec } from './helpers';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function project(): Project {
  const p = richProject();
  p.curves.push(cuspFoldCurve(3));
  return p;
}

function errorsOf(d: Json): string[] {
  const r = parseProject(JSON.stringify(d));
  if (r.ok) throw new Error('expected the file to be refused');
  return r.errors.map((e) => `${e.path}: ${e.message}`);
}

describe('curves in project files', () => {
  it('the current version is written (curves since version 4)', () => {
    expect(PROJECT_VERSION).toBeGreaterThanOrEqual(4);
    expect(JSON.parse(serializeProject(richProject())).version).toBe(PROJECT_VERSION);
  });

  it('a version-3 file opens with an empty curve list and the one-parameter diagram', () => {
    const p = richProject();
    const d = JSON.parse(serializeProject(p)) as Json;
    d.version = 3;
    delete d.curves;
    delete d.view.diagram;
    delete d.view.curveRange;
    delete d.view.selectedCurve;
    const r = parseProject(JSON.stringify(d));
    if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
    expect(r.migratedFrom).toBe(3);
    expect(r.warnings).toEqual([]);
    expect(r.project.curves).toEqual([]);
    expect(r.project.view.diagram).toBe('oneParam');
    expect(r.project.view.curveRange).toBeNull();
    expect(r.project.view.selectedCurve).toBeNull();
    // Everything else as it was.
    expect(bitDiff(r.project.branches, p.branches)).toBeNull();
    expect(bitDiff(r.project.runs, p.runs)).toBeNull();
  });

  it('a fold curve of the project’s own model (with its cusp point) and Hopf curves come back bit for bit', () => {
    const p = project();
    const fold = p.curves[2].result.curve!;
    expect(fold.type).toBe('fold');
    expect(fold.special.map((s) => s.type)).toContain('CP');
    expect(p.curves[1].result.status).toBe('cancelled');
    for (const codec of [undefined, zlibCodec]) {
      const text = serializeProject(p, { codec });
      const back = parseProject(text, { codec });
      if (!back.ok) throw new Error(JSON.stringify(back.errors.slice(0, 3)));
      expect(back.warnings).toEqual([]);
      expect(bitDiff(back.project.curves, p.curves)).toBeNull();
      expect(bitDiff(back.project.view, p.view)).toBeNull();
      // The cusp model the fold curve was traced with is kept in the library, referred to by hash.
      expect(back.project.models.some((m) => m.hash === modelHash(CUSP))).toBe(true);
      expect(JSON.parse(text).curves[2].request.model).toEqual({ kind: 'custom', name: 'cusp', hash: modelHash(CUSP) });
      expect(serializeProject(back.project, { codec })).toBe(text);
    }
  });

  it('keeps a neutral-saddle stretch (omega null, kappa < 0) apart from a NaN', () => {
    const p = richProject();
    const c = p.curves[0].result.curve!;
    c.points[5] = { ...c.points[5], kappa: -0.25, omega: null };
    c.points[6] = { ...c.points[6], kappa: -0 };
    c.special.push({ type: 'ZH', label: 'ZH1', index: 5, point: { ...c.points[5] }, coefficients: { s: NaN, theta: -Infinity }, converged: false });
    const back = parseProject(serializeProject(p, { codec: zlibCodec }), { codec: zlibCodec });
    if (!back.ok) throw new Error(JSON.stringify(back.errors.slice(0, 3)));
    const b = back.project.curves[0].result.curve!;
    expect(b.points[5].omega).toBeNull();
    expect(Object.is(b.points[6].kappa, -0)).toBe(true);
    expect(b.special.at(-1)!.point.omega).toBeNull();
    expect(bitDiff(back.project.curves, p.curves)).toBeNull();
  });

  it('refuses a damaged curve by path', () => {
    const base = JSON.parse(serializeProject(project())) as Json;
    const fresh = () => JSON.parse(JSON.stringify(base)) as Json;
    let d = fresh();
    d.curves[0].request.bounds[1] = [1, -1];
    expect(errorsOf(d)[0]).toMatch(/^curves\[0\]\.request\.bounds\[1\]: the range of eta must go from a smaller to a larger value/);
    d = fresh();
    d.curves[0].result.curve.type = 'fold';
    expect(errorsOf(d)).toContain("curves[0].result.curve.type: must be the request's type 'hopf'");
    d = fresh();
    d.curves[2].result.curve.points.kappa = d.curves[2].result.curve.points.p;
    expect(errorsOf(d)).toContain('curves[2].result.curve.points: a fold curve has no kappa or omega columns');
    d = fresh();
    d.curves[0].result.curve.points.count += 1;
    expect(errorsOf(d)[0]).toMatch(/^curves\[0\]\.result\.curve\.points\.p: /);
    d = fresh();
    d.curves[0].result.curve.special = [{ ...d.curves[2].result.curve.special[0], index: 10_000 }];
    expect(errorsOf(d).some((e) => e.startsWith('curves[0].result.curve.special[0].index: must be a whole number'))).toBe(true);
    d = fresh();
    d.curves[1].id = d.curves[0].id;
    expect(errorsOf(d)).toContain(`curves[1].id: id ${d.curves[0].id} is used twice`);
    d = fresh();
    d.curves[0].result.curve = null;
    expect(errorsOf(d)).toContain('curves[0].result.curve: a stored curve must hold its points');
  });

  it('a selected curve that is not stored is dropped with a warning', () => {
    const d = JSON.parse(serializeProject(richProject())) as Json;
    d.view.selectedCurve = 99;
    const r = parseProject(JSON.stringify(d));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.project.view.selectedCurve).toBeNull();
    expect(r.warnings).toContainEqual({ path: 'view.selectedCurve', message: 'does not refer to a stored entry; nothing selected' });
  });

  it('a curve from a branch at other settings still opens (its own values are kept)', () => {
    const b = branch(5, [0, 2]);
    const p = richProject();
    p.curves = [hopfCurve(7, b)];
    p.view.selectedCurve = 7;
    const back = parseProject(serializeProject(p));
    if (!back.ok) throw new Error(JSON.stringify(back.errors.slice(0, 3)));
    expect(back.project.curves[0].request.values).toEqual(p.curves[0].request.values);
  });
});
