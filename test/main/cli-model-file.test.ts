/**
 * `meanfield export` and `--model-file` on the built command: export to standard output and to files,
 * models from JSON and PyRates YAML files on simulate and continue (bit-identical to the built-in
 * template they copy), one clear line naming file and line for a bad file, refused --out targets.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toModelJson } from '@shared/models/export/model-json';
import { toPyratesYaml } from '@shared/models/export/pyrates';
import { getTemplate } from '@shared/models/templates';
import type { ModelDef } from '@shared/models/types';
import { importPyratesModel } from '@shared/models/pyrates';
import { DEFAULT_SOLVER } from '@shared/simulation/types';
import { EXPORT_HELP } from '../../src-main/cli/help';
import { runSimulationRequest } from '../../src-main/engine/run-request';
import { meanfield } from './cli-run';
import { ensureBuild } from './ensure-build';

const SIM = ['--t-end', '20', '--dt', '0.01', '--sample', '0.5', '--input', 'I_ext=0.15', '--window', 'I_ext:5:10=0'];
const CONT = ['--param', 'g', '--from', '0', '--to', '3', '--input', 'I_ext=0.15'];

let dir = '';
beforeAll(() => {
  ensureBuild();
  dir = mkdtempSync(join(tmpdir(), 'meanfield-model-file-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
/** A JSON result without its wall-clock time. */
const untimed = (text: string) => {
  const o = JSON.parse(text) as { stats: { wallMs?: number } };
  delete o.stats.wallMs;
  return o;
};
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
const myIk = (): ModelDef => ({
  ...(JSON.parse(JSON.stringify(getTemplate('ik_nodim'))) as ModelDef),
  name: 'my_ik',
  params: getTemplate('ik_nodim')!.params.map((p) => (p.name === 'g' ? { ...p, default: 0.7 } : { ...p })),
});

describe('meanfield export', () => {
  it('writes PyRates YAML (the default) or model JSON to standard output, also with --out -', () => {
    for (const name of ['ik_nodim', 'ik_eta', 'ik_theta']) {
      const r = meanfield('export', '--model', name);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(toPyratesYaml(getTemplate(name)!));
    }
    expect(meanfield('export', '--model', 'ik_eta', '--out', '-').stdout).toBe(toPyratesYaml(getTemplate('ik_eta')!));
    expect(meanfield('export', '--model', 'ik_eta', '--format', 'json').stdout).toBe(toModelJson(getTemplate('ik_eta')!));
  });

  it('writes a file with --out, replacing a regular file and leaving no temporary file', () => {
    const out = file('theta.yaml', 'old\n');
    chmodSync(out, 0o640);
    const r = meanfield('export', '--model', 'ik_theta', '--out', out);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '', '']);
    expect(readFileSync(out, 'utf8')).toBe(toPyratesYaml(getTemplate('ik_theta')!));
    expect(statSync(out).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('refuses --out in a missing folder or onto a folder, and writes nothing for a model PyRates cannot take', () => {
    const missing = join(dir, 'no-such-folder', 'x.yaml');
    const r = meanfield('export', '--model', 'ik_nodim', '--out', missing);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`meanfield: --out ${missing}: cannot write there (ENOENT)\n`);
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    const f = meanfield('export', '--model', 'ik_nodim', '--out', folder);
    expect(f.code).toBe(1);
    expect(f.stderr).toMatch(new RegExp(`^meanfield: cannot write the output to ${folder}: .*EISDIR`));
    expect(statSync(folder).isDirectory()).toBe(true);
    expect(readdirSync(folder)).toEqual([]);

    const bad = myIk();
    bad.params.push({ name: 'y', latex: 'y', description: '', unit: '', default: 1 });
    bad.equations[2].rhs = 'a*(b*v - u) + d*r + 0*y';
    const model = file('reserved.json', toModelJson(bad));
    const out = file('reserved.yaml', 'kept\n');
    const e = meanfield('export', '--model-file', model, '--out', out);
    expect(e.code).toBe(2);
    expect(e.stderr).toBe(
      "meanfield: --format pyrates: cannot export my_ik: the symbol 'y' is reserved by PyRates; rename it to export the model to PyRates\n",
    );
    expect(readFileSync(out, 'utf8')).toBe('kept\n');
  });

  it('names the option at fault', () => {
    expect(meanfield('export').stderr).toBe("meanfield: --model: required (or --model-file FILE; see 'meanfield help export')\n");
    expect(meanfield('export', '--model', 'ik_nodim', '--format', 'csv').stderr).toBe("meanfield: --format: must be pyrates or json, got 'csv'\n");
    expect(meanfield('export', '--model', 'nosuch').stderr).toMatch(/^meanfield: --model: unknown model 'nosuch'/);
    expect(meanfield('export', '--model-file', join(dir, 'model.txt')).stderr).toMatch(/^meanfield: --model-file .*model\.txt: must be a \.json model file/);
    expect(meanfield('help', 'export').stdout).toBe(EXPORT_HELP);
    expect(meanfield('export', '--help').stdout).toBe(EXPORT_HELP);
  });
});

describe('--model-file FILE.json', () => {
  it('a built-in template exported as JSON runs exactly as the template, on simulate and continue', () => {
    const model = file('ik_nodim.json', meanfield('export', '--model', 'ik_nodim', '--format', 'json').stdout);
    const a = meanfield('simulate', '--model', 'ik_nodim', ...SIM);
    const b = meanfield('simulate', '--model-file', model, ...SIM);
    expect(b.code).toBe(0);
    expect(b.stderr).toBe('');
    expect(b.stdout).toBe(a.stdout);
    const c = meanfield('continue', '--model', 'ik_nodim', ...CONT);
    const d = meanfield('continue', '--model-file', model, '--model', 'ik_nodim', ...CONT);
    expect(d.code).toBe(0);
    expect(untimed(d.stdout)).toEqual(untimed(c.stdout));
  });

  it('a model of its own runs under its name, bit for bit as the template with the same values', () => {
    const model = file('my_ik.json', toModelJson(myIk()));
    const a = meanfield('simulate', '--model', 'ik_nodim', '--set', 'g=0.7', ...SIM);
    const b = meanfield('simulate', '--model-file', model, ...SIM);
    expect(b.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    const json = JSON.parse(meanfield('simulate', '--model-file', model, ...SIM, '--format', 'json').stdout) as Record<string, unknown>;
    const plain = JSON.parse(meanfield('simulate', '--model', 'ik_nodim', '--set', 'g=0.7', ...SIM, '--format', 'json').stdout) as Record<string, unknown>;
    expect(json.model).toBe('my_ik');
    expect(json.settings).toEqual({ ...(plain.settings as object), model: 'my_ik' });
    expect(json.columns).toEqual(plain.columns);
    // A branch starts from the parameters' defaults too: a copy under another name traces the same one.
    const copy = file('copy_ik.json', toModelJson({ ...getTemplate('ik_nodim')!, name: 'my_ik' }));
    const c = meanfield('continue', '--model-file', copy, ...CONT, '--format', 'csv');
    const d = meanfield('continue', '--model', 'ik_nodim', ...CONT, '--format', 'csv');
    expect(c.code).toBe(0);
    expect(c.stdout.split('\n')[0]).toBe('# meanfield continue: model my_ik, parameter g in [0, 3] (column p)');
    expect(c.stdout.split('\n').slice(1)).toEqual(d.stdout.split('\n').slice(1));
    const m = meanfield('simulate', '--model-file', model, '--model', 'other', ...SIM);
    expect(m.code).toBe(2);
    expect(m.stderr).toBe(`meanfield: --model other: ${model} holds the model 'my_ik' (leave out --model, or name that one)\n`);
  });

  it('a bad file gives one line naming the file, line and column', () => {
    const text = toModelJson(myIk()).replace('"rhs": "a*(b*v - u) + d*r"', '"rhs": "a*(b*v - u) + dd*r"');
    const model = file('bad.json', text);
    const r = meanfield('simulate', '--model-file', model, ...SIM);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const line = lineOf(text, 'dd*r');
    expect(r.stderr).toMatch(new RegExp(`^meanfield: ${model}:${line}:\\d+: equations\\[2\\]\\.rhs: equation u': unknown symbol 'dd' at column 15\\n$`));
    const broken = file('broken.json', '{\n  "name": "x",\n  "version": 1,,\n}\n');
    expect(meanfield('continue', '--model-file', broken, ...CONT).stderr).toBe(
      `meanfield: ${broken}:3:16: not valid JSON: unexpected ',': expected a quoted field name\n`,
    );
  });
});

describe('--model-file FILE.yaml (PyRates)', () => {
  it('an exported template runs as the template itself, on simulate and continue; JSON from it too', () => {
    const yaml = join(dir, 'ik.yaml');
    expect(meanfield('export', '--model', 'ik_theta', '--out', yaml).code).toBe(0);
    const a = meanfield('simulate', '--model', 'ik_theta', ...SIM);
    const b = meanfield('simulate', '--model-file', yaml, '--model', 'ik_theta', ...SIM);
    expect([b.code, b.stderr]).toEqual([0, '']);
    expect(b.stdout).toBe(a.stdout);
    // One circuit in the file: --model may be left out.
    expect(meanfield('simulate', '--model-file', yaml, ...SIM).stdout).toBe(a.stdout);
    const c = meanfield('continue', '--model', 'ik_theta', ...CONT);
    const d = meanfield('continue', '--model-file', yaml, ...CONT);
    expect(d.code).toBe(0);
    expect(untimed(d.stdout)).toEqual(untimed(c.stdout));
    // The file's model is the template: exported as JSON it is the template's JSON.
    expect(meanfield('export', '--model-file', yaml, '--format', 'json').stdout).toBe(toModelJson(getTemplate('ik_theta')!));
  });

  it("PyRates' own ik.yaml runs as the built-in templates; a changed copy runs under its own name, said once", () => {
    const ik = join(fileURLToPath(new URL('.', import.meta.url)), '../fixtures/pyrates/model_templates/neural_mass_models/ik.yaml');
    for (const name of ['ik_nodim', 'ik_eta', 'ik_theta']) {
      const r = meanfield('simulate', '--model-file', ik, '--model', name, ...SIM);
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(r.stdout).toBe(meanfield('simulate', '--model', name, ...SIM).stdout);
    }
    const text = readFileSync(ik, 'utf8');
    const changed = file('ik-changed.yaml', text.replace(/^(\s+g: )0\.5$/m, '$10.7'));
    expect(readFileSync(changed, 'utf8')).not.toBe(text);
    const r = meanfield('simulate', '--model-file', changed, '--model', 'ik_nodim', ...SIM, '--format', 'json');
    expect(r.stderr).toBe(
      `meanfield: note: the model in ${changed} is named 'ik_nodim' like a built-in template but differs from it; it runs as 'ik_nodim_file'\n`,
    );
    const own = JSON.parse(r.stdout) as { model: string; columns: unknown };
    const plain = JSON.parse(meanfield('simulate', '--model', 'ik_nodim', '--set', 'g=0.7', ...SIM, '--format', 'json').stdout) as { columns: unknown };
    expect(own.model).toBe('ik_nodim_file');
    expect(own.columns).toEqual(plain.columns);
  });

  it('a bad PyRates file gives one line naming the file, line and column; a file with several circuits needs --model', () => {
    const text = [
      'x_op:',
      '  base: OperatorTemplate',
      `  equations: "x' = -k*x + q"`,
      '  variables:',
      '    x: output(1.0)',
      '    k: 2.0',
      'x_pop:',
      '  base: NodeTemplate',
      '  operators: [x_op]',
      'x:',
      '  base: CircuitTemplate',
      '  nodes: {p: x_pop}',
      '',
    ].join('\n');
    const model = file('bad.yaml', text);
    const r = meanfield('simulate', '--model-file', model, ...SIM);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stderr).toMatch(new RegExp(`^meanfield: ${model}:3:\\d+: .*unknown symbol 'q'`));
    const two = file('two.yaml', `${text.replace(' + q', '')}y:\n  base: CircuitTemplate\n  nodes: {p: x_pop}\n`);
    expect(meanfield('simulate', '--model-file', two, ...SIM).stderr).toBe(`meanfield: --model: required with ${two}, which holds 2 circuit templates: x, y\n`);
    const ok = meanfield('simulate', '--model-file', two, '--model', 'y', '--t-end', '1', '--dt', '0.5');
    expect(ok.code).toBe(0);
    // x' = -2x with rk4, h = 0.5: each step multiplies x by 1 - z + z^2/2 - z^3/6 + z^4/24 at z = 1, i.e. 3/8.
    const rows = ok.stdout.trimEnd().split('\n');
    expect(rows[0]).toBe('t,x');
    expect(rows.slice(1).map((l) => l.split(',').map(Number))).toEqual([
      [0, 1],
      [0.5, 0.375],
      [1, 0.140625],
    ]);
  });

  it("finds a dotted reference in an ancestor folder: Jansen-Rit of the importer's fixture tree runs as imported in-process", () => {
    const root = join(fileURLToPath(new URL('.', import.meta.url)), '../fixtures/pyrates');
    const rel = 'model_templates/neural_mass_models/jansenrit.yaml';
    const r = meanfield(
      'simulate',
      '--model-file',
      join(root, rel),
      '--model',
      'JRC',
      '--t-end',
      '0.05',
      '--dt',
      '1e-4',
      '--sample',
      '0.01',
      '--format',
      'json',
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const def = importPyratesModel({ read: (p) => (p.includes('..') ? undefined : readOrNothing(join(root, p))) }, rel, 'JRC');
    const local = runSimulationRequest(
      { model: 'JRC', def, params: {}, initial: {}, inputs: {}, solver: { ...DEFAULT_SOLVER, method: 'rk4', tEnd: 0.05, dt: 1e-4, sample: 0.01 } },
      { onProgress: () => {}, isCancelled: () => false },
    );
    expect(local.ok).toBe(true);
    if (!local.ok) return;
    const columns = (JSON.parse(r.stdout) as { columns: Record<string, number[]> }).columns;
    expect(Object.keys(columns)).toEqual(['t', ...local.result.names]);
    local.result.names.forEach((n, i) => expect(columns[n]).toEqual(Array.from(local.result.columns[i])));
  });
});

function readOrNothing(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
