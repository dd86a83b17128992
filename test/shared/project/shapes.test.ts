/**
 * The field table is what the writer writes and the reader reads: in a project that uses every
 * optional field, each shape's every field is written, each written object has only its shape's
 * fields (in the shape's order), and reading it back warns about nothing.
 */
import { describe, expect, it } from 'vitest';
import { parseProject } from '@shared/project/parse';
import { projectJson, serializeProject } from '@shared/project/serialize';
import { SHAPES, type ShapeName } from '@shared/project/shapes';
import { cycleFamily, networkRun, orbitStartFamily, richProject } from './helpers';

/** Every object in `x` with its path, e.g. `runs[0].request.solver`. */
function objects(x: unknown, path = '', out: [string, Record<string, unknown>][] = []): [string, Record<string, unknown>][] {
  if (Array.isArray(x)) x.forEach((v, i) => objects(v, `${path}[${i}]`, out));
  else if (typeof x === 'object' && x !== null && !ArrayBuffer.isView(x)) {
    out.push([path, x as Record<string, unknown>]);
    for (const [k, v] of Object.entries(x)) objects(v, path === '' ? k : `${path}.${k}`, out);
  }
  return out;
}

/** The shape an object at `path` is written with (undefined for name-keyed records and arrays' codecs). */
function shapeAt(path: string): ShapeName | undefined {
  const rules: [RegExp, ShapeName][] = [
    [/^$/, 'project'],
    [/^models\[\d+\]$/, 'libraryModel'],
    [/^(model|(runs|branches|curves|cycles)\[\d+\]\.request\.model)$/, 'modelRef'],
    [/^(branches|curves|cycles)\[\d+\]$/, 'entry'],
    [/^cycles\[\d+\]\.request$/, 'cycleRequest'],
    [/^cycles\[\d+\]\.request\.start$/, 'cycleStart'],
    [/^cycles\[\d+\]\.result$/, 'cycleResult'],
    [/^cycles\[\d+\]\.result\.stats$/, 'cycleStats'],
    [/^cycles\[\d+\]\.result\.branch$/, 'cycleBranch'],
    [/^cycles\[\d+\]\.result\.branch\.ends\[\d\]$/, 'cycleEnd'],
    [/^cycles\[\d+\]\.result\.branch\.points$/, 'cyclePoints'],
    [/^cycles\[\d+\]\.result\.branch\.special\[\d+\]$/, 'cycleSpecial'],
    [/^cycles\[\d+\]\.result\.branch\.special\[\d+\]\.point$/, 'cyclePoint'],
    [/^runs\[\d+\]$/, 'runEntry'],
    [/^runs\[\d+\]\.network$/, 'runNetwork'],
    [/^runs\[\d+\]\.network\.settings$/, 'networkSettings'],
    [/^runs\[\d+\]\.network\.stats$/, 'networkStats'],
    [/^runs\[\d+\]\.network\.raster$/, 'spikeRaster'],
    [/^curves\[\d+\]\.request$/, 'curveRequest'],
    [/^curves\[\d+\]\.request\.settings$/, 'continuationSettings'],
    [/^curves\[\d+\]\.request\.start$/, 'curveStart'],
    [/^curves\[\d+\]\.result$/, 'curveResult'],
    [/^curves\[\d+\]\.result\.stats$/, 'curveStats'],
    [/^curves\[\d+\]\.result\.curve$/, 'curve'],
    [/^curves\[\d+\]\.result\.curve\.ends\[\d\]$/, 'branchEnd'],
    [/^curves\[\d+\]\.result\.curve\.points$/, 'curvePoints'],
    [/^curves\[\d+\]\.result\.curve\.special\[\d+\]$/, 'curveSpecial'],
    [/^runs\[\d+\]\.request$/, 'simulationRequest'],
    [/^runs\[\d+\]\.request\.solver$/, 'solver'],
    [/^runs\[\d+\]\.request\.inputs\.\w+$/, 'input'],
    [/^runs\[\d+\]\.request\.inputs\.\w+\.windows\[\d+\]$/, 'window'],
    [/^runs\[\d+\]\.result$/, 'simulationResult'],
    [/^runs\[\d+\]\.result\.stats$/, 'simulationStats'],
    [/^runs\[\d+\]\.result\.blowup$/, 'blowup'],
    [/^branches\[\d+\]\.request$/, 'continuationRequest'],
    [/^branches\[\d+\]\.request\.settings$/, 'continuationSettings'],
    [/^branches\[\d+\]\.result$/, 'continuationResult'],
    [/^branches\[\d+\]\.result\.stats$/, 'continuationStats'],
    [/^branches\[\d+\]\.result\.branch$/, 'branch'],
    [/^branches\[\d+\]\.result\.branch\.ends\[\d\]$/, 'branchEnd'],
    [/^branches\[\d+\]\.result\.branch\.points$/, 'branchPoints'],
    [/^branches\[\d+\]\.result\.branch\.special\[\d+\]$/, 'specialPoint'],
    [/^forms\.\w+$/, 'modelForms'],
    [/^forms\.\w+\.simulation$/, 'simulationForm'],
    [/^forms\.\w+\.simulation\.solver$/, 'solverDrafts'],
    [/^forms\.\w+\.simulation\.inputs\.\w+$/, 'inputDraft'],
    [/^forms\.\w+\.simulation\.inputs\.\w+\.windows\[\d+\]$/, 'window'],
    [/^forms\.\w+\.continuation$/, 'continuationForm'],
    [/^forms\.\w+\.continuation\.settings$/, 'settingDrafts'],
    [/^view$/, 'view'],
    [/^view\.(diagramRange|curveRange)$/, 'diagramRange'],
  ];
  return rules.find(([re]) => re.test(path))?.[1];
}

describe('project field table', () => {
  const project = richProject();
  // Every optional field in use.
  project.runs[3].result.blowup ??= { t: 1, variable: 'r' };
  project.runs.push(networkRun(90, 'ik_eta', { seed: 3, vPeak: 500, vReset: -400 }));
  const hb = project.branches[0].result.branch!.special.find((s) => s.type === 'HB')!;
  // A codimension-two point on the Hopf curve (its kappa and omega), whatever the engine finds there.
  const hopf = project.curves[0].result.curve!;
  hopf.special.push({ type: 'GH', label: 'GH1', index: 3, point: hopf.points[4], coefficients: { l2: -0.5 }, converged: true });
  // A family of cycles with user points and orbits (on a point and on a special point).
  const family = cycleFamily(1, project.branches[0]);
  const fb = family.result.branch!;
  family.request.at = [1.5];
  fb.points[1].orbit = new Float64Array((fb.ntst * fb.ncol + 1) * (fb.stateNames.length + 1));
  fb.special[0].point.orbit = fb.points[1].orbit;
  project.cycles.push(family, orbitStartFamily(2, family));
  const json = projectJson(project, { savedAt: '2025-01-01T00:00:00.000Z', generator: 'MeanField Studio test' });

  it("writes each object with its shape's fields only, in the shape's order, and every field of every shape", () => {
    expect(hb.omega! * hb.period! * hb.l1!).not.toBeNaN();
    const written = new Map<ShapeName, Set<string>>();
    let checked = 0;
    for (const [path, o] of objects(json)) {
      const shape = shapeAt(path);
      if (shape === undefined) continue;
      const keys = SHAPES[shape] as readonly string[];
      const own = Object.keys(o);
      expect(
        own.filter((k) => !keys.includes(k)),
        path,
      ).toEqual([]);
      expect(own, `${path} in shape order`).toEqual(keys.filter((k) => own.includes(k)));
      const seen = written.get(shape) ?? new Set<string>();
      own.forEach((k) => seen.add(k));
      written.set(shape, seen);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
    for (const shape of Object.keys(SHAPES) as ShapeName[]) {
      const missing = (SHAPES[shape] as readonly string[]).filter((k) => !written.get(shape)?.has(k));
      expect(missing, `fields of ${shape} never written`).toEqual([]);
    }
  });

  it('reads back with no warning', () => {
    const back = parseProject(serializeProject(project, { savedAt: '2025-01-01T00:00:00.000Z', generator: 'x' }));
    if (!back.ok) throw new Error(JSON.stringify(back.errors.slice(0, 3)));
    expect(back.warnings).toEqual([]);
  });
});
