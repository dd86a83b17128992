/**
 * Fuzz: thousands of mutated and truncated versions of a valid file, and random JSON. Each must give
 * a valid project or clear errors ({ path, message }), never an escaping exception, never the
 * parser's last-resort "could not be read" (an internal exception), and never touch the project
 * that was saved. Deterministic (seeded).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTINUATION } from '@shared/continuation/types';
import { getTemplate } from '@shared/models/templates';
import { parseProject } from '@shared/project/parse';
import { serializeProject } from '@shared/project/serialize';
import type { Project } from '@shared/project/types';
import { compileModel } from '../../../src-main/engine/compile';
import { runContinuation } from '../../../src-main/engine/continuation/run';
import { simulate } from '../../../src-main/engine/simulate';
import { bitDiff, CUSTOM, nodimRequest, zlibCodec } from './helpers';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function smallProject(): Project {
  const def = getTemplate('ik_nodim')!;
  const request = nodimRequest(1.5, { tEnd: 0.5, dt: 0.01, sample: 0.01 });
  const result = simulate(compileModel(def), request, { onProgress: () => {}, isCancelled: () => false });
  const contRequest = { model: 'ik_nodim', params: { g: 1.5 }, initial: {}, inputs: { I_ext: 0.15 }, param: 'g', bounds: [1.4, 1.6] as [number, number], settings: { ...DEFAULT_CONTINUATION, dsMax: 0.02 } };
  const contResult = runContinuation(compileModel(def), contRequest, {});
  return {
    model: { kind: 'custom', def: CUSTOM },
    forms: {},
    runs: [{ id: 1, color: 0, visible: true, request, result }],
    branches: [{ id: 1, color: 1, visible: false, request: contRequest, result: contResult }],
    view: { view: 'split', pane: 'timeseries', plotted: ['x'], timeRange: [0, 1], diagramRange: null, selectedRun: 1, selectedBranch: null },
  };
}

const WEIRD: unknown[] = [
  null, true, 0, -1, 1.5, 1e308, -1e308, '', 'NaN', 'Infinity', '-0', 'x'.repeat(200_000), [], {}, [1, 2, 3],
  { length: 1e9, encoding: 'f64le', data: '' }, { length: 5, encoding: 'f64le-pred2-deflate', data: 'AAAA' },
  Array.from({ length: 5000 }, (_, i) => i), { kind: 'array', values: [1] }, "constructor.constructor('x')()",
];

function deepNest(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

/** Paths to every value in `x` (objects and lists), up to `max`. */
function paths(x: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (out.length > 5000) return out;
  out.push(prefix);
  if (Array.isArray(x)) x.slice(0, 8).forEach((v, i) => paths(v, [...prefix, i], out));
  else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) paths(v, [...prefix, k], out);
  return out;
}

function mutateJson(doc: unknown, rand: () => number): unknown {
  const copy = JSON.parse(JSON.stringify(doc));
  const all = paths(copy).filter((p) => p.length > 0);
  const n = 1 + Math.floor(rand() * 3);
  for (let k = 0; k < n; k++) {
    const p = all[Math.floor(rand() * all.length)];
    let parent = copy;
    for (const key of p.slice(0, -1)) parent = parent?.[key];
    if (parent === null || typeof parent !== 'object') continue;
    const last = p[p.length - 1];
    const r = rand();
    if (r < 0.15) delete parent[last];
    else if (r < 0.25) parent[`unknown${k}`] = 1;
    else if (r < 0.3) parent[last] = deepNest(40 + Math.floor(rand() * 40));
    else parent[last] = WEIRD[Math.floor(rand() * WEIRD.length)];
  }
  return copy;
}

function randomJson(rand: () => number, depth = 0): unknown {
  const r = rand();
  if (depth > 6 || r < 0.3) return WEIRD[Math.floor(rand() * 14)];
  if (r < 0.65) return Array.from({ length: Math.floor(rand() * 4) }, () => randomJson(rand, depth + 1));
  const o: Record<string, unknown> = {};
  const keys = ['format', 'version', 'model', 'runs', 'branches', 'view', 'forms', 'kind', 'name', 'x'];
  for (let i = 0; i < 3; i++) o[keys[Math.floor(rand() * keys.length)]] = randomJson(rand, depth + 1);
  if (rand() < 0.5) {
    o.format = 'meanfield-studio-project';
    o.version = 1 + Math.floor(rand() * 2);
  }
  return o;
}

function check(text: string): 'ok' | 'error' {
  let r: ReturnType<typeof parseProject>;
  try {
    r = parseProject(text, { codec: zlibCodec });
  } catch (e) {
    throw new Error(`parseProject threw on ${JSON.stringify(text.slice(0, 200))}: ${String(e)}`);
  }
  if (r.ok) return 'ok';
  expect(r.errors.length).toBeGreaterThan(0);
  for (const e of r.errors) {
    expect(typeof e.path === 'string' && e.path.length > 0 && typeof e.message === 'string' && e.message.length > 3).toBe(true);
    if (e.message.startsWith('could not be read')) throw new Error(`internal exception on ${JSON.stringify(text.slice(0, 300))}: ${e.message}`);
  }
  return 'error';
}

describe('fuzz', () => {
  it('mutated, truncated and random files each give a project or clear errors', () => {
    const project = smallProject();
    const before = structuredClone(project);
    const text = serializeProject(project, { codec: zlibCodec });
    const doc = JSON.parse(text);
    expect(check(text)).toBe('ok');
    const rand = rng(20250101);
    const counts = { ok: 0, error: 0 };
    const t0 = performance.now();
    for (let i = 0; i < 3000; i++) {
      const kind = i % 5;
      let mutated: string;
      if (kind === 0) {
        const chars = text.split('');
        for (let k = 0; k < 1 + Math.floor(rand() * 4); k++) {
          chars[Math.floor(rand() * chars.length)] = String.fromCharCode(Math.floor(rand() * 128));
        }
        mutated = chars.join('');
      } else if (kind === 1) {
        const a = Math.floor(rand() * text.length);
        mutated = text.slice(0, a) + text.slice(a + 1 + Math.floor(rand() * 50));
      } else if (kind === 2) mutated = text.slice(0, Math.floor(rand() * text.length));
      else if (kind === 3) mutated = JSON.stringify(mutateJson(doc, rand));
      else mutated = JSON.stringify(randomJson(rand));
      counts[check(mutated)]++;
    }
    console.log(`fuzz: 3000 inputs in ${(performance.now() - t0).toFixed(0)} ms: ${counts.ok} opened, ${counts.error} refused`);
    expect(counts.error).toBeGreaterThan(1000);
    expect(counts.ok).toBeGreaterThan(10);
    expect(bitDiff(project, before)).toBeNull();
  });
});
