/**
 * Whether the shown runs put values of different units on one axis (a run of ik_nodim, whose r is
 * dimensionless, next to one of ik_theta, whose r is in 1/ms), and the note that says so. Pure, no DOM.
 */
import type { ModelDef } from '@shared/models/types';

export interface UnitGroup {
  /** The unit ('' for dimensionless). */
  unit: string;
  /** The models of the shown runs that give the variable this unit. */
  models: string[];
}

export interface UnitClash {
  variable: string;
  groups: UnitGroup[];
}

/** "dimensionless", or the unit as written. */
export function unitWord(unit: string): string {
  return unit === '' ? 'dimensionless' : `in ${unit}`;
}

/**
 * The plotted variables whose unit is not the same in every model of the shown runs, each with
 * the units in the order the models first appear. Models and variables the definitions lack are skipped.
 */
export function unitClashes(runModels: readonly string[], variables: readonly string[], models: readonly ModelDef[]): UnitClash[] {
  const shown = [...new Set(runModels)];
  const clashes: UnitClash[] = [];
  for (const variable of variables) {
    const groups: UnitGroup[] = [];
    for (const name of shown) {
      const state = models.find((m) => m.name === name)?.states.find((s) => s.name === variable);
      if (!state) continue;
      const g = groups.find((q) => q.unit === state.unit);
      if (g) g.models.push(name);
      else groups.push({ unit: state.unit, models: [name] });
    }
    if (groups.length > 1) clashes.push({ variable, groups });
  }
  return clashes;
}

/**
 * The note shown above the panels, or '' when every axis has one unit:
 * "Mixed units on one axis: r is dimensionless in ik_nodim, in 1/ms in ik_theta. Compare shapes, not values."
 */
export function unitNote(clashes: readonly UnitClash[]): string {
  if (clashes.length === 0) return '';
  const parts = clashes.map((c) => `${c.variable} is ${c.groups.map((g) => `${unitWord(g.unit)} in ${g.models.join(' and ')}`).join(', ')}`);
  return `Mixed units on one axis: ${parts.join('; ')}. Compare shapes, not values, or hide the runs of one model.`;
}

/** The y-axis label: "r [1/ms]", "r" when dimensionless, "r (mixed units)" when the runs disagree. */
export function axisLabel(variable: string, unit: string, clash: boolean): string {
  if (clash) return `${variable} (mixed units)`;
  return unit ? `${variable} [${unit}]` : variable;
}
