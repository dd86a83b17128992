/**
 * Hostile or broken files give one clear PyratesError, quickly, and nothing in them is executed:
 * YAML is read as data only (core schema, no tags that construct objects), with limits on size,
 * nesting and alias expansion that are checked before any work grows with them.
 */
import { describe, expect, it } from 'vitest';
import { importPyratesModel, listPyratesTemplates } from '@shared/models/pyrates';
import { MAX_EXPANDED_VALUES, MAX_FILE_CHARS, MAX_NESTING, readYamlFile } from '@shared/models/pyrates/yaml-read';
import { errorOf } from './catch';
import { memorySource, oneFile } from './sources';

const OK_OP = 'op:\n  base: OperatorTemplate\n  equations: "x\' = -x"\n  variables: {x: output(1.0)}\nn: {base: NodeTemplate, operators: [op]}\n';

describe('hostile YAML', () => {
  it('refuses a 10 MB file before parsing it', () => {
    const big = OK_OP + `junk: "${'a'.repeat(10_000_000)}"\n`;
    const e = errorOf(() => importPyratesModel(oneFile(big), 'm.yaml', 'n'));
    expect(e.message).toMatch(/file larger than 2 MB \(10\.0 MB\)/);
    expect(MAX_FILE_CHARS).toBe(2_000_000);
  });

  it('refuses anchors that expand exponentially (a billion laughs)', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i <= 9; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const e = errorOf(() => listPyratesTemplates(oneFile(OK_OP + lines.join('\n') + '\n'), 'm.yaml'));
    expect(e.message).toMatch(new RegExp(`aliases expand to more than ${MAX_EXPANDED_VALUES} values`));
    expect(e.line).toBeGreaterThan(5);
  });

  it('accepts a few ordinary aliases (as PyRates files use them)', () => {
    const file = 'aliases:\n  - &decay "x\' = -x"\n' + OK_OP.replace('"x\' = -x"', '*decay');
    expect(importPyratesModel(oneFile(file), 'm.yaml', 'n').equations[0].rhs).toBe('-x');
  });

  it('refuses deep flow nesting without handing it to the parser', () => {
    const deep = `${OK_OP}deep: ${'['.repeat(500_000)}${']'.repeat(500_000)}\n`;
    const e = errorOf(() => importPyratesModel(oneFile(deep), 'm.yaml', 'n'));
    expect(e.message).toMatch(new RegExp(`nested more than ${MAX_NESTING} levels`));
    expect(e.line).toBe(6);
  });

  it('refuses deep block nesting', () => {
    let deep = OK_OP + 'deep:\n';
    for (let i = 1; i < 400; i++) deep += `${' '.repeat(i)}k:\n`;
    deep += `${' '.repeat(400)}1\n`;
    expect(errorOf(() => importPyratesModel(oneFile(deep), 'm.yaml', 'n')).message).toMatch(/nested|YAML/);
  });

  it('refuses language tags instead of constructing objects', () => {
    const e = errorOf(() => importPyratesModel(oneFile(OK_OP + 'x: !!python/object/apply:os.system ["echo hi"]\n'), 'm.yaml', 'n'));
    expect(e.message).toMatch(/YAML: .*tag/i);
    expect(e.line).toBe(6);
    expect(errorOf(() => readYamlFile('m.yaml', 'a: !custom 1\n')).message).toMatch(/tag/i);
  });

  it('refuses duplicate keys, several documents and malformed YAML with a position', () => {
    const dup = errorOf(() => importPyratesModel(oneFile(OK_OP + 'op: {base: OperatorTemplate}\n'), 'm.yaml', 'n'));
    expect(dup.message).toMatch(/YAML: Map keys must be unique/);
    expect(dup.line).toBe(6);
    expect(errorOf(() => readYamlFile('m.yaml', 'a: 1\n---\nb: 2\n')).message).toMatch(/YAML: .*document/i);
    const bad = errorOf(() => readYamlFile('m.yaml', 'a: [1, 2\nb: 3\n'));
    expect(bad.message).toMatch(/^m\.yaml:\d+:\d+: YAML: /);
  });

  it('refuses a file that is not a mapping, and an equation or variables of the wrong type', () => {
    expect(errorOf(() => readYamlFile('m.yaml', '- a\n- b\n')).message).toMatch(/a model file is a mapping/);
    expect(errorOf(() => importPyratesModel(oneFile(OK_OP.replace('"x\' = -x"', '{a: 1}')), 'm.yaml', 'n')).message).toMatch(
      /editing equations .* needs a parent operator/,
    );
    expect(errorOf(() => importPyratesModel(oneFile(OK_OP.replace('{x: output(1.0)}', '[x]')), 'm.yaml', 'n')).message).toMatch(
      /'variables' must be a mapping/,
    );
  });

  it('reads integers and floats apart (1 is not 1.0), and keeps positions', () => {
    const f = readYamlFile('m.yaml', 'a:\n  i: 1\n  f: 1.0\n  e: 10e-3\n  s: "1"\n');
    const a = f.root.entries.get('a');
    if (a?.kind !== 'map') throw new Error('expected a map');
    const v = (k: string) => (a.entries.get(k) as { value: unknown }).value;
    expect([v('i'), v('f'), v('e'), v('s')]).toEqual([1n, 1, 0.01, '1']);
    expect(a.entries.get('f')?.pos).toEqual({ line: 3, column: 6 });
  });

  it('refuses references that climb out of the source, and too many files', () => {
    const up = memorySource({ 'a/m.yaml': 'n: {base: NodeTemplate, operators: [../../x/op]}\n' });
    expect(errorOf(() => importPyratesModel(up, 'a/m.yaml', 'n')).message).toMatch(/cannot find the file of operator/);
    expect(errorOf(() => importPyratesModel(up, '../m.yaml', 'n')).message).toMatch(/not a file path inside the source/);
    const files: Record<string, string> = {};
    for (let i = 0; i < 100; i++) files[`f${i}.yaml`] = `o:\n  base: f${i + 1}.o\n`;
    files['m.yaml'] = 'n: {base: NodeTemplate, operators: [f0.o]}\n';
    expect(errorOf(() => importPyratesModel(memorySource(files), 'm.yaml', 'n')).message).toMatch(/more than 64 model files|nested more than 32 deep/);
  });
});
