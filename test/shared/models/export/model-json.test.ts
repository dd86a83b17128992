/** The model JSON form: fixed key order whatever the object's own order, exact numbers, reads back through the project reader. */
import { describe, expect, it } from 'vitest';
import { toModelJson } from '@shared/models/export/model-json';
import { modelHash } from '@shared/models/identity';
import { TEMPLATES } from '@shared/models/templates';
import type { ModelDef } from '@shared/models/types';
import { readModelDef } from '@shared/project/read-model';
import { Reader } from '@shared/project/reader';

/** `o` with its keys (at every level) in reverse order. */
function reversed<T>(o: T): T {
  if (Array.isArray(o)) return o.map(reversed) as T;
  if (o === null || typeof o !== 'object') return o;
  return Object.fromEntries(
    Object.entries(o)
      .reverse()
      .map(([k, v]) => [k, reversed(v)]),
  ) as T;
}

describe('toModelJson', () => {
  it('writes the definition in a fixed key order, indented, whatever the order of the object', () => {
    for (const t of TEMPLATES) {
      const text = toModelJson(t);
      expect(toModelJson(reversed(t))).toBe(text);
      expect(text.endsWith('}\n')).toBe(true);
      expect(text.split('\n')[1]).toBe(`  "name": ${JSON.stringify(t.name)},`);
      expect(Object.keys(JSON.parse(text) as object)).toEqual([
        'name',
        'version',
        'title',
        'description',
        'states',
        'params',
        'inputs',
        'definitions',
        'equations',
      ]);
      expect(JSON.parse(text)).toEqual(t);
    }
  });

  it('keeps every number exactly, -0 included, and reads back through the project reader with the same identity', () => {
    const def = JSON.parse(JSON.stringify(TEMPLATES[0])) as ModelDef;
    def.name = 'exact';
    def.states[0].initial = -0;
    def.states[1].initial = 0.1 + 0.2;
    def.params[0].default = 5e-324;
    def.params[1].default = 1.7976931348623157e308;
    const back = JSON.parse(toModelJson(def)) as ModelDef;
    expect(Object.is(back.states[0].initial, -0)).toBe(true);
    expect(back.states[1].initial).toBe(0.1 + 0.2);
    expect(back.params[0].default).toBe(5e-324);
    expect(back.params[1].default).toBe(1.7976931348623157e308);
    const r = new Reader();
    const read = readModelDef(r, '', back);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(modelHash(read!)).toBe(modelHash(def));
  });

  it('leaves out an absent domain rather than writing null', () => {
    const text = toModelJson(TEMPLATES[0]);
    expect(text).not.toContain('null');
    expect(text).toContain('"domain": "positive"');
  });
});
