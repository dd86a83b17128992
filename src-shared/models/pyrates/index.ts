/**
 * Import of PyRates YAML model files (PyRates: Gast et al. 2019, "PyRates — A Python framework for
 * rate-based neural simulations", PLoS ONE 14(12): e0225900). A file is read as data only
 * (./yaml-read.ts), templates are found as PyRates finds them (./resolve.ts), inheritance applied
 * (./inherit.ts), and a circuit (or a node, as a one-node circuit) flattened into a ModelDef
 * (./flatten.ts) that the safe builder then checks. Nothing in a file is ever executed.
 */
import { ExprError } from '../../expr/errors';
import { buildModel, ModelError } from '../build';
import type { ModelDef } from '../types';
import { PyratesError } from './errors';
import { flattenCircuit, nodeAsCircuit } from './flatten';
import { Inheritance, type CircuitT, type NodeT } from './inherit';
import { TemplateLibrary, normalisePath, type ModelFileSource } from './resolve';

export { PyratesError, type Pos } from './errors';
export type { ModelFileSource } from './resolve';

function open(source: ModelFileSource, file: string) {
  const path = normalisePath(file);
  if (path === undefined || path === '') throw new PyratesError(file, 'not a file path inside the source');
  const lib = new TemplateLibrary(source);
  return { path, lib, inh: new Inheritance(lib) };
}

/** The circuit, node and operator templates defined in `file` (in file order). Edge templates are not listed. */
export function listPyratesTemplates(source: ModelFileSource, file: string): { circuits: string[]; nodes: string[]; operators: string[] } {
  const { path, lib, inh } = open(source, file);
  const out = { circuits: [] as string[], nodes: [] as string[], operators: [] as string[] };
  for (const raw of lib.templatesOf(path)) {
    const kind = inh.kindOf(raw);
    if (kind === 'circuit') out.circuits.push(raw.name);
    else if (kind === 'node') out.nodes.push(raw.name);
    else if (kind === 'operator') out.operators.push(raw.name);
  }
  return out;
}

/**
 * The model of the circuit `name` of `file` (or of the node template `name`, as a one-node
 * circuit). Without `name`, the file's only circuit; when it has several (or none), a
 * PyratesError lists them. The ModelDef is named after the template.
 */
export function importPyratesModel(source: ModelFileSource, file: string, name?: string): ModelDef {
  return importFrom(open(source, file), name);
}

/**
 * Several templates of one file, each as importPyratesModel would give it, reading and parsing
 * the file (and those it refers to) once. With `latex: false` every LaTeX field is left empty
 * (for a caller that supplies its own: the built-in templates, at start-up of every process).
 */
export function importPyratesModels(source: ModelFileSource, file: string, names: readonly string[], opts: { latex?: boolean } = {}): ModelDef[] {
  const opened = open(source, file);
  return names.map((name) => importFrom(opened, name, opts.latex ?? true));
}

function importFrom({ path, lib, inh }: ReturnType<typeof open>, name: string | undefined, latex = true): ModelDef {
  let circuit: CircuitT;
  let chosen: string;
  if (name === undefined) {
    const circuits = lib.templatesOf(path).filter((t) => inh.kindOf(t) === 'circuit');
    if (circuits.length !== 1) {
      const listed = circuits.length === 0 ? 'it defines no circuit' : `it defines ${circuits.map((c) => c.name).join(', ')}`;
      throw new PyratesError(path, `name the circuit (or node) to import: ${listed}`);
    }
    chosen = circuits[0].name;
    circuit = inh.resolve(circuits[0]) as CircuitT;
  } else {
    const t = inh.resolve(lib.inFile(path, name, { file: path }, 'template'));
    if (t.kind === 'circuit') circuit = t;
    else if (t.kind === 'node') circuit = nodeAsCircuit(t as NodeT);
    else throw new PyratesError(path, `'${name}' is ${t.kind === 'operator' ? 'an operator' : 'an edge'} template; name a circuit or a node`, t.pos);
    chosen = name;
  }
  const def = flattenCircuit({ circuit, name: chosen, file: path, latex });
  try {
    buildModel(def);
  } catch (e) {
    if (e instanceof ModelError || e instanceof ExprError) throw new PyratesError(path, `template '${chosen}': ${e.message}`, circuit.pos);
    throw e;
  }
  return def;
}
