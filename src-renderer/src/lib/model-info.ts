/** Facts about a model for labels. Pure, no DOM. */
import { parseExpression } from '@shared/expr/parse';
import { toLatex } from '@shared/expr/print';
import type { ModelDef } from '@shared/models/types';

/**
 * The model's time unit: the unit of its time constants (parameters named like tau or C whose unit
 * is a time), '' for dimensionless models.
 */
export function timeUnitOf(def: ModelDef): string {
  const timeUnits = ['ms', 's', 'us', 'µs', 'min'];
  for (const p of def.params) {
    if (timeUnits.includes(p.unit) && /^tau/.test(p.name)) return p.unit;
  }
  for (const p of def.params) if (timeUnits.includes(p.unit)) return p.unit;
  return '';
}

/**
 * LaTeX of a definition's right-hand side (e.g. `J r` for `r_in = J*r`), through the same safe
 * parser as the equations, with the model's own symbol LaTeX; null when it does not parse.
 */
export function definitionLatex(def: ModelDef, name: string): string | null {
  const d = def.definitions.find((x) => x.name === name);
  if (d === undefined) return null;
  const all = [...def.states, ...def.params, ...def.inputs, ...def.definitions];
  const latexOf = new Map(all.map((s) => [s.name, s.latex]));
  try {
    const ast = parseExpression(d.expr, [...latexOf.keys()], `definition ${name}`);
    return toLatex(ast, { symbol: (n) => latexOf.get(n) });
  } catch {
    return null;
  }
}
