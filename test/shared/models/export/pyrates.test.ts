/**
 * The PyRates exporter: the file re-parsed with the yaml package has PyRates' flattened structure,
 * every value follows PyRates' variable grammar with floats written as floats, every number and
 * equation reads back to exactly what the model computes, function names are PyRates', definitions
 * come in dependency order, and names PyRates refuses are refused with the symbol named.
 */
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, parseDocument, isMap, isScalar, visit, type Scalar } from 'yaml';
import { FUNCTION_NAMES, FUNCTION_ARITY, type FnName } from '@shared/expr/ast';
import { evaluate } from '@shared/expr/evaluate';
import { parseEquation, parseExpression } from '@shared/expr/parse';
import { ExportError, pyratesFloat, toPyratesYaml } from '@shared/models/export/pyrates';
import { pyratesFunctionName } from '@shared/models/export/pyrates-names';
import { TEMPLATES } from '@shared/models/templates';
import type { ModelDef } from '@shared/models/types';
import { rng } from '../../expr/rng';

/** PyRates' equation functions: its base_funcs table and the sympy names it reads (research notes A.3). */
const PYRATES_KNOWN = new Set([
  'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'arcsin', 'arccos', 'arctan', 'exp', 'log', 'sqrt', 'absv', 'sign', 'sigmoid', 'maxi', 'mini',
]); // prettier-ignore

/** PyYAML's (YAML 1.1) float pattern: a value matching it is a float for 1.1 loaders as well as 1.2. */
const YAML11_FLOAT = /^[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?$/;

/** PyRates' variable grammar for what the exporter writes: a float, or output/variable/input of a float. */
const VARIABLE_VALUE = /^(?:output|variable|input)\(([^()]+)\)$/;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const sym = (name: string, extra: object): any => ({ name, latex: name, description: '', unit: '', ...extra });

function model(over: Partial<ModelDef>): ModelDef {
  return {
    name: 'toy',
    version: 1,
    title: 'Toy',
    description: '',
    states: [sym('x', { initial: 0.5 })],
    params: [sym('k', { default: 2 })],
    inputs: [],
    definitions: [],
    equations: [{ state: 'x', rhs: '-k*x', latex: '' }],
    ...over,
  } as ModelDef;
}

/** The exported PyRates names mapped back to the model language's, for parsing (where it lacks them). */
const BACK: Record<string, string> = { absv: 'abs', arctan: 'atan', mini: 'min', maxi: 'max' };
const backToOurs = (text: string) => text.replace(/\b(absv|arctan|mini|maxi)\(/g, (_m, f: string) => `${FUNCTION_NAMES.includes(f as FnName) ? f : BACK[f]}(`);

function exported(def: ModelDef) {
  const text = toPyratesYaml(def);
  const doc = parseDocument(text);
  expect(doc.errors).toEqual([]);
  const data = parseYaml(text) as Record<string, Record<string, unknown>>;
  // A YAML 1.1 loader (PyYAML's rules: yes/no/on/off are booleans, floats need a point) reads the same.
  expect(parseYaml(text.replace(/^%YAML 1\.2\n---\n/, ''), { version: '1.1' })).toEqual(data);
  return { text, doc, data };
}

/** A random finite double from random bits (every exponent range, subnormals included). */
function randomDouble(r: () => number): number {
  const buf = new DataView(new ArrayBuffer(8));
  for (;;) {
    buf.setUint32(0, Math.floor(r() * 2 ** 32));
    buf.setUint32(4, Math.floor(r() * 2 ** 32));
    const x = buf.getFloat64(0);
    if (Number.isFinite(x)) return x;
  }
}

describe('pyratesFloat', () => {
  it('writes every double as a float literal that YAML 1.1 and 1.2 and Python read back exactly', () => {
    const r = rng(7);
    const samples = [0, -0, 1, -1, 2, 0.02, 1e-7, 1.5e21, 1e21, 5e-324, Number.MAX_VALUE, -Number.MIN_VALUE, 0.1 + 0.2, 123456789012345680000];
    for (let i = 0; i < 2000; i++) samples.push(randomDouble(r));
    for (const x of samples) {
      const s = pyratesFloat(x);
      expect(s, String(x)).toMatch(YAML11_FLOAT);
      expect(Object.is(Number(s), x), s).toBe(true);
      expect(Object.is(parseYaml(s), x), s).toBe(true);
      // Shortest: no more significant digits than JavaScript's own shortest text.
      expect(s.replace(/e.*$/, '').replace(/^-/, '').replace(/\.0$/, '').replace('.', '').replace(/^0+/, '').length).toBeLessThanOrEqual(
        String(Math.abs(x)).replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').length || 1,
      );
    }
    expect([pyratesFloat(1), pyratesFloat(-0), pyratesFloat(1e-7), pyratesFloat(1e21), pyratesFloat(-70)]).toEqual([
      '1.0',
      '-0.0',
      '1.0e-7',
      '1.0e+21',
      '-70.0',
    ]);
    expect(() => pyratesFloat(Infinity)).toThrow(ExportError);
  });
});

describe('toPyratesYaml', () => {
  for (const t of TEMPLATES) {
    it(`${t.name}: PyRates' flattened structure, grammar and exact values`, () => {
      const { doc, data } = exported(t);
      expect(Object.keys(data)).toEqual([`${t.name}_op`, `${t.name}_pop`, t.name]);
      const op = data[`${t.name}_op`];
      expect(op.base).toBe('OperatorTemplate');
      expect(data[`${t.name}_pop`]).toEqual({ base: 'NodeTemplate', operators: [`${t.name}_op`] });
      const circuit = data[t.name];
      expect(circuit.base).toBe('CircuitTemplate');
      expect(circuit.nodes).toEqual({ p: `${t.name}_pop` });
      expect(circuit.edges).toEqual([]);

      // Variables: one output (the first state), the other states, parameters as floats, inputs, definitions.
      const vars = op.variables as Record<string, unknown>;
      const varNode = (doc.getIn([`${t.name}_op`, 'variables']) as { items: { key: Scalar; value: Scalar }[] }).items;
      const source = new Map(varNode.map((p) => [String(p.key.value), p.value.source] as const));
      expect(Object.keys(vars)).toEqual([...t.states, ...t.params, ...t.inputs, ...t.definitions].map((s) => s.name));
      expect(Object.values(vars).filter((v) => typeof v === 'string' && v.startsWith('output('))).toHaveLength(1);
      t.states.forEach((s, i) => {
        const m = VARIABLE_VALUE.exec(vars[s.name] as string);
        expect(m?.[0].startsWith(i === 0 ? 'output(' : 'variable(')).toBe(true);
        expect(m![1]).toMatch(YAML11_FLOAT);
        expect(Object.is(Number(m![1]), s.initial)).toBe(true);
      });
      for (const p of t.params) {
        expect(Object.is(vars[p.name], p.default)).toBe(true);
        expect(source.get(p.name)).toMatch(YAML11_FLOAT);
      }
      for (const p of t.inputs) expect(vars[p.name]).toBe(`input(${pyratesFloat(p.default)})`);
      for (const d of t.definitions) expect(vars[d.name]).toBe('variable(0.0)');

      // Equations: definitions first (algebraic), then one ODE per state, each computing exactly what the model does.
      const eqs = op.equations as string[];
      expect(eqs).toHaveLength(t.definitions.length + t.states.length);
      const symbols = new Set([...t.states, ...t.params, ...t.inputs, ...t.definitions].map((s) => s.name));
      const r = rng(3);
      const env: Record<string, number> = {};
      for (const s of symbols) env[s] = 0.5 + r();
      t.definitions.forEach((d, i) => {
        const [lhs, rhs] = eqs[i].split(' = ');
        expect(lhs).toBe(d.name);
        const mine = evaluate(parseExpression(backToOurs(rhs), symbols), env);
        expect(Object.is(mine, evaluate(parseExpression(d.expr, symbols), env))).toBe(true);
      });
      t.equations.forEach((e, i) => {
        const parsed = parseEquation(backToOurs(eqs[t.definitions.length + i]), symbols);
        expect(parsed.state).toBe(e.state);
        expect(Object.is(evaluate(parsed.rhs, env), evaluate(parseExpression(e.rhs, symbols), env))).toBe(true);
      });
      // Number literals in equations are floats too.
      for (const eq of eqs) for (const n of eq.match(/(?<![\w.])\d[\d.]*(?:e[-+]\d+)?/g) ?? []) expect(n).toMatch(YAML11_FLOAT);
    });
  }

  it('prints every function of the language with its PyRates name, which PyRates knows', () => {
    for (const fn of FUNCTION_NAMES) {
      expect(PYRATES_KNOWN.has(pyratesFunctionName(fn)), fn).toBe(true);
      const args = FUNCTION_ARITY[fn] === 1 ? 'x' : 'x, k';
      const { data } = exported(model({ equations: [{ state: 'x', rhs: `-${fn}(${args})`, latex: '' }] }));
      const eq = (data.toy_op.equations as string[])[0];
      expect(eq).toBe(`x' = -${pyratesFunctionName(fn)}(${args})`);
    }
    expect(['abs', 'atan', 'min', 'max'].map((f) => pyratesFunctionName(f as FnName))).toEqual(['absv', 'arctan', 'mini', 'maxi']);
  });

  it('writes powers with ^ and keeps the grouping of signs and powers', () => {
    const { data } = exported(model({ equations: [{ state: 'x', rhs: '-x^2 + (-x)^2 + 2^-x - x**3 + k^(x^2) - (k^x)^2', latex: '' }] }));
    expect((data.toy_op.equations as string[])[0]).toBe("x' = -x^2.0 + (-x)^2.0 + 2.0^-x - x^3.0 + k^x^2.0 - (k^x)^2.0");
  });

  it('orders definitions so that each follows those it uses, model order otherwise', () => {
    const def = model({
      definitions: [sym('c', { expr: 'b*2 + a' }), sym('z', { expr: 'x' }), sym('b', { expr: 'a + 1' }), sym('a', { expr: 'x*k' })],
      equations: [{ state: 'x', rhs: '-c + z', latex: '' }],
    });
    const eqs = exported(def).data.toy_op.equations as string[];
    expect(eqs.map((e) => e.split(' = ')[0])).toEqual(['a', 'b', 'c', 'z', "x'"]);
  });

  it('quotes what YAML would read as something other than a name, and keeps any text of the model intact', () => {
    const def = model({
      name: 'on',
      title: 'Title with\nline break # and hash',
      description: 'He said "fine": yes\u2028# not a comment',
      params: [sym('n', { default: 1, description: 'count\n# second line', unit: 'Hz' }), sym('no', { default: 3 })],
      equations: [{ state: 'x', rhs: '-n*x + no', latex: '' }],
    });
    const { data } = exported(def);
    expect(Object.keys(data)).toEqual(['on_op', 'on_pop', 'on']);
    expect(data.on_op.variables).toMatchObject({ n: 1, no: 3 });
    expect(data.on.description).toBe('Title with line break # and hash\nHe said "fine": yes # not a comment');
  });

  it.each([
    ['t', 'the time variable'],
    ['y', 'reserved by PyRates'],
    ['dy', 'reserved by PyRates'],
    ['I', 'reserved by PyRates'],
    ['E', 'reserved by PyRates'],
    ['source_idx', 'reserved by PyRates'],
    ['target_idx', 'reserved by PyRates'],
    ['beta', 'since version 1.2'],
    ['gamma', 'since version 1.2'],
    ['lambda', 'Python keyword'],
    ['sigmoid', 'PyRates function'],
    ['r_buffer', "contains '_buffer'"],
    ['d_delays', "contains '_delays'"],
    ['x_maxdelay', "contains '_maxdelay'"],
    ['my_idx', "contains '_idx'"],
    ['v_hist', "contains '_hist'"],
  ])('refuses the name %s with the symbol named (%s)', (name, why) => {
    const def = model({ params: [sym('k', { default: 2 }), sym(name, { default: 1 })], equations: [{ state: 'x', rhs: `-k*x + ${name}`, latex: '' }] });
    let err: unknown;
    try {
      toPyratesYaml(def);
    } catch (e) {
      err = e;
    }
    // Names the language itself reserves (a function such as sigmoid, where registered) fail in the model check.
    if (!(err instanceof ExportError)) return expect(String(err)).toContain(name);
    expect(err.symbol).toBe(name);
    expect(err.message).toContain(`'${name}'`);
    expect(err.message).toContain(why);
    expect(err.message).toContain('rename');
  });

  it('refuses a model name that cannot name a PyRates template, and a broken model with the model check', () => {
    expect(() => toPyratesYaml(model({ name: 'my.model' }))).toThrow(/model name 'my\.model'/);
    expect(() => toPyratesYaml(model({ equations: [{ state: 'x', rhs: '-x + nosuch', latex: '' }] }))).toThrow(/nosuch/);
  });

  it('writes numbers of equations and values so that they read back as the same doubles', () => {
    const r = rng(11);
    const values = Array.from({ length: 50 }, () => randomDouble(r));
    const def = model({
      states: [sym('x', { initial: values[0] })],
      params: values.slice(1, 20).map((v, i) => sym(`p${i}`, { default: v })),
      equations: [
        {
          state: 'x',
          rhs: values
            .slice(20)
            .map((v) => `${Math.abs(v)}`)
            .join(' + '),
          latex: '',
        },
      ],
    });
    const { data } = exported(def);
    const vars = data.toy_op.variables as Record<string, unknown>;
    values.slice(1, 20).forEach((v, i) => expect(Object.is(vars[`p${i}`], v)).toBe(true));
    expect(Object.is(Number(VARIABLE_VALUE.exec(vars.x as string)![1]), values[0])).toBe(true);
    const literals = ((data.toy_op.equations as string[])[0].split(' = ')[1] ?? '').split(' + ').map(Number);
    expect(literals).toEqual(values.slice(20).map(Math.abs));
  });

  it('the YAML nodes are plain mappings and lists, with no anchors, aliases or tags', () => {
    const { doc } = exported(TEMPLATES[0]);
    expect(isMap(doc.contents)).toBe(true);
    const odd: string[] = [];
    visit(doc, {
      Alias: () => void odd.push('alias'),
      Node: (_k, n) => {
        if (n.anchor !== undefined) odd.push(`anchor ${n.anchor}`);
        if (n.tag !== undefined) odd.push(`tag ${n.tag}`);
      },
    });
    expect(odd).toEqual([]);
    expect(isScalar(doc.getIn(['ik_nodim', 'base'], true))).toBe(true);
  });
});
