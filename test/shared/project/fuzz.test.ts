/**
 * Fuzz: thousands of mutated and truncated versions of a valid file, and random JSON. Each must give
 * a valid project or clear errors ({ path, message }), never an escaping exception, never the
 * parser's last-resort "could not be read" (an internal exception), and never touch the project
 * that was saved. Deterministic (seeded). Run twice: through the shared parser with a test codec,
 * and through the exact path the app and the CLI use (src-main/services/project-codec.ts:
 * serializeProjectFile / parseProjectFile with node:zlib), there with extra damage aimed at the
 * compressed arrays (flipped bits, cut streams, wrong lengths, decompression bombs).
 */
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTINUATION } from '@shared/continuation/types';
import { customRef, modelHash } from '@shared/models/identity';
import { getTemplate } from '@shared/models/templates';
import type { ModelDef } from '@shared/models/types';
import type { SimulationRequest } from '@shared/simulation/types';
import { parseProject } from '@shared/project/parse';
import { serializeProject } from '@shared/project/serialize';
import type { ParseOutcome, Project } from '@shared/project/types';
import { MAX_TOTAL_VALUES } from '@shared/project/reader';
import { parseProjectFile, serializeProjectFile } from '../../../src-main/services/project-codec';
import { compileModel } from '../../../src-main/engine/compile';
import { runContinuation } from '../../../src-main/engine/continuation/run';
import { simulate } from '../../../src-main/engine/simulate';
import { rng } from '../expr/rng';
import { bitDiff, CUSTOM, CUSTOM_EARLIER, nodimRequest, zlibCodec } from './helpers';

function smallProject(): Project {
  const def = getTemplate('ik_nodim')!;
  const request = nodimRequest(1.5, { tEnd: 0.5, dt: 0.01, sample: 0.01 });
  const result = simulate(compileModel(def), request, { onProgress: () => {}, isCancelled: () => false });
  const contRequest = {
    model: 'ik_nodim',
    params: { g: 1.5 },
    initial: {},
    inputs: { I_ext: 0.15 },
    param: 'g',
    bounds: [1.4, 1.6] as [number, number],
    settings: { ...DEFAULT_CONTINUATION, dsMax: 0.02 },
  };
  const contResult = runContinuation(compileModel(def), contRequest, {});
  // A run of the custom model and one of its earlier definition: the library and references are fuzzed too.
  const custom = (id: number, d: ModelDef) => {
    const req: SimulationRequest = { ...request, model: d.name, def: d, params: {}, initial: {}, inputs: {} };
    return { id, color: id, visible: true, request: req, result: simulate(compileModel(d), req, { onProgress: () => {}, isCancelled: () => false }) };
  };
  return {
    model: customRef(CUSTOM),
    models: [
      { hash: modelHash(CUSTOM), current: true, def: CUSTOM },
      { hash: modelHash(CUSTOM_EARLIER), current: false, supersededBy: modelHash(CUSTOM), def: CUSTOM_EARLIER },
    ],
    forms: {},
    runs: [{ id: 1, color: 0, visible: true, request, result }, custom(2, CUSTOM), custom(3, CUSTOM_EARLIER)],
    branches: [{ id: 1, color: 1, visible: false, request: contRequest, result: contResult }],
    curves: [],
    cycles: [],
    view: {
      view: 'split',
      pane: 'timeseries',
      plotted: ['x'],
      timeRange: [0, 1],
      diagramRange: null,
      selectedRun: 1,
      selectedBranch: null,
      diagram: 'oneParam',
      curveRange: null,
      selectedCurve: null,
      selectedCycle: null,
      cycleMeasure: 'extrema',
    },
  };
}

const WEIRD: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  '',
  'NaN',
  'Infinity',
  '-0',
  'x'.repeat(200_000),
  [],
  {},
  [1, 2, 3],
  { length: 1e9, encoding: 'f64le', data: '' },
  { length: 5, encoding: 'f64le-pred2-deflate', data: 'AAAA' },
  Array.from({ length: 5000 }, (_, i) => i),
  { kind: 'array', values: [1] },
  "constructor.constructor('x')()",
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
  const keys = ['format', 'version', 'model', 'models', 'runs', 'branches', 'view', 'forms', 'kind', 'name', 'hash', 'current', 'supersededBy', 'def', 'x'];
  for (let i = 0; i < 3; i++) o[keys[Math.floor(rand() * keys.length)]] = randomJson(rand, depth + 1);
  if (rand() < 0.5) {
    o.format = 'meanfield-studio-project';
    o.version = 1 + Math.floor(rand() * 3);
  }
  return o;
}

const sharedParse = (text: string): ParseOutcome => parseProject(text, { codec: zlibCodec });

/** Parses `text`, failing the test on an exception or an unclear error; `messages` collects the errors. */
function check(text: string, parse: (text: string) => ParseOutcome = sharedParse, messages?: string[]): 'ok' | 'error' {
  let r: ParseOutcome;
  try {
    r = parse(text);
  } catch (e) {
    throw new Error(`the parser threw on ${JSON.stringify(text.slice(0, 200))}: ${String(e)}`);
  }
  if (r.ok) {
    // What opens saves and opens again (the library rewritten by its rules, references resolved).
    const again = sharedParse(serializeProject(r.project, { codec: zlibCodec }));
    if (!again.ok) throw new Error(`an opened file did not open again once saved: ${JSON.stringify(again.errors.slice(0, 3))}`);
    return 'ok';
  }
  expect(r.errors.length).toBeGreaterThan(0);
  for (const e of r.errors) {
    messages?.push(e.message);
    expect(typeof e.path === 'string' && e.path.length > 0 && typeof e.message === 'string' && e.message.length > 3).toBe(true);
    if (e.message.startsWith('could not be read')) throw new Error(`internal exception on ${JSON.stringify(text.slice(0, 300))}: ${e.message}`);
  }
  return 'error';
}

/** One of the generic mutations (kind 0..4): characters, cuts, truncation, JSON edits, random JSON. */
function mutateText(text: string, doc: unknown, kind: number, rand: () => number): string {
  if (kind === 0) {
    const chars = text.split('');
    for (let k = 0; k < 1 + Math.floor(rand() * 4); k++) {
      chars[Math.floor(rand() * chars.length)] = String.fromCharCode(Math.floor(rand() * 128));
    }
    return chars.join('');
  }
  if (kind === 1) {
    const a = Math.floor(rand() * text.length);
    return text.slice(0, a) + text.slice(a + 1 + Math.floor(rand() * 50));
  }
  if (kind === 2) return text.slice(0, Math.floor(rand() * text.length));
  if (kind === 3) return JSON.stringify(mutateJson(doc, rand));
  return JSON.stringify(randomJson(rand));
}

type Packed = { length: number; encoding: string; data: string };

/** Every compressed array object in a parsed file. */
function compressedArrays(x: unknown, out: Packed[] = []): Packed[] {
  if (Array.isArray(x)) x.forEach((v) => compressedArrays(v, out));
  else if (x && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    if (o.encoding === 'f64le-pred2-deflate' && typeof o.data === 'string') out.push(o as unknown as Packed);
    else Object.values(o).forEach((v) => compressedArrays(v, out));
  }
  return out;
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/** Damages one compressed array of `doc` (a fresh copy) in one of 8 ways. */
function damageCompressed(doc: unknown, rand: () => number): unknown {
  const copy = JSON.parse(JSON.stringify(doc));
  const arrays = compressedArrays(copy);
  const a = arrays[Math.floor(rand() * arrays.length)];
  const bytes = new Uint8Array(Buffer.from(a.data, 'base64'));
  const pick = (n: number) => Math.floor(rand() * n);
  switch (pick(8)) {
    case 0: // flipped bits in the DEFLATE stream
      for (let k = 0; k < 1 + pick(3); k++) bytes[pick(bytes.length)] ^= 1 << pick(8);
      a.data = b64(bytes);
      break;
    case 1: // the stream cut short
      a.data = b64(bytes.subarray(0, pick(bytes.length)));
      break;
    case 2: // a length that does not match the stream
      a.length = Math.max(0, a.length + (rand() < 0.5 ? -1 : 1) * (1 + pick(3)));
      break;
    case 3: // a length beyond the file's budget of numbers, or not a whole number
      a.length = [MAX_TOTAL_VALUES + 1, 2 ** 53, -1, 1.5, 1e300][pick(5)];
      break;
    case 4: // random bytes as the stream
      a.data = b64(Uint8Array.from({ length: 1 + pick(400) }, () => pick(256)));
      break;
    case 5: // a decompression bomb: far more output than the length promises
      a.data = b64(deflateRawSync(new Uint8Array(8 * a.length * (10 + pick(200)))));
      break;
    case 6: // another array's stream, or the stream read as uncompressed
      if (rand() < 0.5) a.data = arrays[pick(arrays.length)].data;
      else a.encoding = 'f64le';
      break;
    default: // base64 damage: characters outside the alphabet, bad padding
      a.data = a.data.slice(0, pick(a.data.length)) + ['*', '=', '==A', '\u0000', 'é'][pick(5)] + a.data.slice(pick(a.data.length));
  }
  return copy;
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
    for (let i = 0; i < 3000; i++) counts[check(mutateText(text, doc, i % 5, rand))]++;
    console.log(`fuzz: 3000 inputs in ${(performance.now() - t0).toFixed(0)} ms: ${counts.ok} opened, ${counts.error} refused`);
    expect(counts.error).toBeGreaterThan(1000);
    expect(counts.ok).toBeGreaterThan(10);
    expect(bitDiff(project, before)).toBeNull();
  });

  it("the app's own parse path (parseProjectFile, node:zlib) survives the same and damaged compressed arrays", () => {
    const project = smallProject();
    const before = structuredClone(project);
    const text = serializeProjectFile(project);
    const doc = JSON.parse(text);
    // The file really holds compressed arrays (else the damage below would test nothing).
    expect(compressedArrays(doc).length).toBeGreaterThanOrEqual(4);
    expect(check(text, parseProjectFile)).toBe('ok');
    const rand = rng(4242);
    const counts = { ok: 0, error: 0 };
    const t0 = performance.now();
    const messages: string[] = [];
    for (let i = 0; i < 1600; i++) {
      const damaged = i % 2 === 0;
      const mutated = damaged ? JSON.stringify(damageCompressed(doc, rand)) : mutateText(text, doc, (i >> 1) % 5, rand);
      counts[check(mutated, parseProjectFile, damaged ? messages : undefined)]++;
    }
    // The damage reached the decompression itself, and the bombs stopped at the promised size.
    expect(messages.filter((m) => m.includes('compressed data is corrupt or truncated')).length).toBeGreaterThan(100);
    // Lengths beyond the budget were refused from the declared length alone.
    expect(
      messages.some(
        (m) => m.includes(`more than ${MAX_TOTAL_VALUES} numbers in all`) || /exceeds the limit of \d+ values|must hold \d+ values \(got \d{8,}\)/.test(m),
      ),
    ).toBe(true);
    console.log(`fuzz (app path): 1600 inputs in ${(performance.now() - t0).toFixed(0)} ms: ${counts.ok} opened, ${counts.error} refused`);
    expect(counts.error).toBeGreaterThan(1000);
    expect(counts.ok).toBeGreaterThan(10);
    expect(bitDiff(project, before)).toBeNull();
  });
});
