/**
 * The model editor's draft: a model definition as the user types it. Numbers stay text until they
 * are checked, and definitions and equations are whole lines in PyRates' syntax (`r_in = J*r`,
 * `r' = -r/tau`), so an error's column is the column the user sees. Pure data, no DOM.
 */
import { symbolLatex } from '@shared/expr/print';
import type { ModelDef, ParamInfo } from '@shared/models/types';
import { formatExact } from '../format';

/**
 * Metadata every symbol row carries. `latex` is the symbol's own LaTeX for the name `latexFor`
 * (from the definition edited); once the name changes, or when it is '', the LaTeX is derived
 * from the name.
 */
interface RowMeta {
  unit: string;
  description: string;
  latex: string;
  latexFor: string;
}

export interface StateRow extends RowMeta {
  name: string;
  initial: string;
}

export type DomainChoice = '' | NonNullable<ParamInfo['domain']>;

export interface ParamRow extends RowMeta {
  name: string;
  default: string;
  domain: DomainChoice;
}

export interface InputRow extends RowMeta {
  name: string;
  default: string;
}

/** `name = expression`. */
export interface DefinitionRow extends RowMeta {
  text: string;
}

/** `state' = expression`. */
export interface EquationRow {
  text: string;
}

export interface ModelDraft {
  name: string;
  title: string;
  description: string;
  states: StateRow[];
  params: ParamRow[];
  inputs: InputRow[];
  definitions: DefinitionRow[];
  equations: EquationRow[];
}

/** The tables of a draft, in the order the editor shows them. */
export const TABLES = ['states', 'params', 'inputs', 'definitions', 'equations'] as const;
export type TableName = (typeof TABLES)[number];

/** Domain choices as the editor lists them. */
export const DOMAINS: { value: DomainChoice; label: string }[] = [
  { value: '', label: 'any' },
  { value: 'positive', label: '> 0' },
  { value: 'nonnegative', label: '≥ 0' },
  { value: 'nonzero', label: '≠ 0' },
];

/** A symbol's LaTeX kept only when it differs from what its name gives anyway. */
function keptLatex(name: string, latex: string): string {
  return latex === symbolLatex(name) ? '' : latex;
}

/** The draft of an existing definition (every number written exactly, so an unedited draft gives the same model). */
export function draftFromDef(def: ModelDef): ModelDraft {
  return {
    name: def.name,
    title: def.title,
    description: def.description,
    states: def.states.map((s) => ({
      name: s.name,
      initial: formatExact(s.initial),
      unit: s.unit,
      description: s.description,
      latex: keptLatex(s.name, s.latex),
      latexFor: s.name,
    })),
    params: def.params.map((p) => ({
      name: p.name,
      default: formatExact(p.default),
      domain: p.domain ?? '',
      unit: p.unit,
      description: p.description,
      latex: keptLatex(p.name, p.latex),
      latexFor: p.name,
    })),
    inputs: def.inputs.map((p) => ({
      name: p.name,
      default: formatExact(p.default),
      unit: p.unit,
      description: p.description,
      latex: keptLatex(p.name, p.latex),
      latexFor: p.name,
    })),
    definitions: def.definitions.map((d) => ({
      text: `${d.name} = ${d.expr}`,
      unit: d.unit,
      description: d.description,
      latex: keptLatex(d.name, d.latex),
      latexFor: d.name,
    })),
    equations: def.equations.map((e) => ({ text: `${e.state}' = ${e.rhs}` })),
  };
}

/** An empty row of `table`. */
export function emptyRow(table: TableName): ModelDraft[TableName][number] {
  const meta = { unit: '', description: '', latex: '', latexFor: '' };
  switch (table) {
    case 'states':
      return { name: '', initial: '0', ...meta };
    case 'params':
      return { name: '', default: '1', domain: '', ...meta };
    case 'inputs':
      return { name: '', default: '0', ...meta };
    case 'definitions':
      return { text: '', ...meta };
    case 'equations':
      return { text: '' };
  }
}

/**
 * The skeleton of a new model: a leaky integrator `x' = (-x + I_ext)/tau`, the smallest model that
 * runs and shows every part of the editor (a state, a parameter with a domain, an input).
 */
export function skeletonDef(name: string): ModelDef {
  return {
    name,
    version: 1,
    title: 'Leaky integrator',
    description: 'One variable relaxing to its input with time constant tau. A starting point: edit the equations and add what your model needs.',
    states: [{ name: 'x', latex: 'x', description: 'Activity', unit: '', initial: 0 }],
    params: [{ name: 'tau', latex: '\\tau', description: 'Time constant', unit: '', default: 1, domain: 'positive' }],
    inputs: [{ name: 'I_ext', latex: 'I_{\\mathrm{ext}}', description: 'External input', unit: '', default: 0 }],
    definitions: [],
    equations: [{ state: 'x', rhs: '(-x + I_ext)/tau', latex: '' }],
  };
}

/** `base`, or `base_2`, `base_3`, ... : the first that is not in `taken` (and fits 64 characters). */
export function uniqueName(base: string, taken: ReadonlySet<string>): string {
  const stem = base.slice(0, 58);
  if (!taken.has(stem)) return stem;
  for (let i = 2; ; i++) {
    const candidate = `${stem}_${i}`;
    if (!taken.has(candidate)) return candidate;
  }
}
