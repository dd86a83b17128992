/**
 * Network runs in project files (layout version 5): a version-4 file opens unchanged (no run is a
 * network run); a network run comes back bit for bit, raster included, through both array
 * encodings; damaged network parts are refused by path.
 */
import { describe, expect, it } from 'vitest';
import { parseProject } from '@shared/project/parse';
import { serializeProject } from '@shared/project/serialize';
import type { Project } from '@shared/project/types';
import { bitDiff, networkRun, richProject, zlibCodec } from './helpers';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function project(): Project {
  const p = richProject();
  p.runs.push(networkRun(50), networkRun(51, 'ik_nodim', { seed: 7 }), networkRun(52, 'ik_eta', { vPeak: 500, vReset: -400 }));
  return p;
}

function errorsOf(d: Json): string[] {
  const r = parseProject(JSON.stringify(d));
  if (r.ok) throw new Error('expected the file to be refused');
  return r.errors.map((e) => `${e.path}: ${e.message}`);
}

describe('network runs in project files', () => {
  it('a version-4 file opens as it was, with no network runs', () => {
    const p = richProject();
    const d = JSON.parse(serializeProject(p)) as Json;
    d.version = 4;
    const r = parseProject(JSON.stringify(d));
    if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
    expect(r.migratedFrom).toBe(4);
    expect(r.warnings).toEqual([]);
    expect(r.project.runs.some((run) => run.network !== undefined)).toBe(false);
    expect(bitDiff(r.project.runs, p.runs)).toBeNull();
  });

  it('a network run comes back bit for bit, raster included, plain and compressed', () => {
    const p = project();
    const raster = p.runs.at(-2)!.network!.raster!;
    expect(raster.time.length).toBeGreaterThan(40);
    for (const codec of [undefined, zlibCodec]) {
      const r = parseProject(serializeProject(p, codec ? { codec } : {}), codec ? { codec } : {});
      if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
      expect(r.warnings).toEqual([]);
      expect(bitDiff(r.project.runs, p.runs)).toBeNull();
      const back = r.project.runs.at(-2)!.network!;
      expect(back.raster!.neuron).toBeInstanceOf(Int32Array);
      expect(back.raster!.neurons).toBeInstanceOf(Int32Array);
      expect(back.settings).toEqual({ neurons: 300, recovery: 'individual', rasterNeurons: 40, seed: 7 });
    }
  });

  it('refuses damaged network parts by path', () => {
    const d = JSON.parse(serializeProject(project())) as Json;
    const i = d.runs.length - 2;
    const bad = (edit: (net: Json) => void): string[] => {
      const copy = JSON.parse(JSON.stringify(d)) as Json;
      edit(copy.runs[i].network);
      return errorsOf(copy);
    };
    expect(bad((n) => (n.settings.recovery = 'both'))).toEqual([expect.stringMatching(new RegExp(`^runs\\[${i}\\]\\.network\\.settings\\.recovery: `))]);
    expect(bad((n) => (n.settings.neurons = 0)).join()).toMatch(/network\.settings\.neurons/);
    expect(bad((n) => (n.raster.neurons = [5, 3])).join()).toMatch(/raster\.neurons: must be ascending/);
    expect(bad((n) => (n.raster.time = n.raster.time.length)).join()).toMatch(/raster\.time/);
    expect(bad((n) => (n.raster.neurons = [300])).join()).toMatch(/raster\.neurons\[0\]: must be a whole number from 0 to 299/);
  });

  it('a network run on a model without a network is refused', () => {
    const d = JSON.parse(serializeProject(project())) as Json;
    const plain = d.runs.findIndex((r: Json) => r.network === undefined && r.request.model.name !== 'ik_nodim');
    expect(plain).toBeGreaterThanOrEqual(0);
    d.runs[plain].network = d.runs.at(-1).network;
    expect(errorsOf(d).join()).toMatch(/network: .*no spiking network|network\.model/);
  });
});
