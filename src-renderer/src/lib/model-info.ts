/** Facts about a model for labels. Pure, no DOM. */
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
