/**
 * One model's continuation settings as text drafts: the parameter to vary (any parameter or input),
 * its range, the plotted variable and the advanced numerical settings. `request(sim)` combines them
 * with the simulation form's current parameters, initial state and input baselines (as constants).
 */
import { DEFAULT_CONTINUATION, type ContinuationRequest, type ContinuationSettings } from '@shared/continuation/types';
import { CONTINUATION_SETTINGS } from '@shared/continuation/settings';
import { validateContinuation } from '@shared/continuation/validate';
import { keysOf } from '@shared/settings';
import type { ModelDef } from '@shared/models/types';
import type { FieldIssue } from '@shared/simulation/types';
import { defaultRange } from '../lib/branch-series';
import { formatExact, parseNumber } from '../lib/format';
import type { SimulationForm } from './form.svelte';

export type SettingKey = keyof ContinuationSettings;
export const SETTING_KEYS: readonly SettingKey[] = keysOf(CONTINUATION_SETTINGS);

/** A continuation parameter: a model parameter or an input (taken at its constant baseline). */
export interface ContinuationParam {
  name: string;
  latex: string;
  description: string;
  unit: string;
  kind: 'param' | 'input';
}

export function continuationParams(def: ModelDef): ContinuationParam[] {
  return [
    ...def.params.map((p) => ({ name: p.name, latex: p.latex, description: p.description, unit: p.unit, kind: 'param' as const })),
    ...def.inputs.map((i) => ({ name: i.name, latex: i.latex, description: i.description, unit: i.unit, kind: 'input' as const })),
  ];
}

/** The current value of `name` in the simulation form (an input's baseline), NaN if unreadable. */
export function currentValue(sim: SimulationForm, name: string): number {
  const req = sim.draftRequest;
  if (name in req.params) return req.params[name];
  const input = req.inputs[name];
  return input?.kind === 'schedule' ? input.baseline : NaN;
}

export type BuiltRequest = { ok: true; request: ContinuationRequest } | { ok: false; issues: FieldIssue[] };

export class ContinuationForm {
  readonly def: ModelDef;
  readonly params: ContinuationParam[];
  #param = $state('');
  #from = $state('');
  #to = $state('');
  #variable = $state('');
  #settings = $state<Record<SettingKey, string>>({} as Record<SettingKey, string>);

  constructor(def: ModelDef, sim: SimulationForm) {
    this.def = def;
    this.params = continuationParams(def);
    const first = this.params.find((p) => p.name === 'g') ?? this.params[0];
    this.#variable = def.states[0]?.name ?? '';
    this.#settings = Object.fromEntries(SETTING_KEYS.map((k) => [k, formatExact(DEFAULT_CONTINUATION[k])])) as Record<SettingKey, string>;
    if (first) this.setParam(first.name, sim);
  }

  get param(): string {
    return this.#param;
  }
  get paramInfo(): ContinuationParam | undefined {
    return this.params.find((p) => p.name === this.#param);
  }
  get from(): string {
    return this.#from;
  }
  get to(): string {
    return this.#to;
  }
  get variable(): string {
    return this.#variable;
  }
  get settings(): Record<SettingKey, string> {
    return this.#settings;
  }

  /** Chooses the parameter and a first range around its current value (see defaultRange). */
  setParam(name: string, sim: SimulationForm): void {
    this.#param = name;
    const domain = this.def.params.find((p) => p.name === name)?.domain;
    const [a, b] = defaultRange(currentValue(sim, name), domain);
    this.#from = formatExact(a);
    this.#to = formatExact(b);
  }
  setFrom(text: string): void {
    this.#from = text;
  }
  setTo(text: string): void {
    this.#to = text;
  }
  setVariable(name: string): void {
    this.#variable = name;
  }
  setSetting(key: SettingKey, text: string): void {
    this.#settings[key] = text;
  }
  resetSettings(): void {
    for (const k of SETTING_KEYS) this.#settings[k] = formatExact(DEFAULT_CONTINUATION[k]);
  }

  /** The form as typed, for a project file. */
  snapshot(): { param: string; from: string; to: string; variable: string; settings: Record<SettingKey, string> } {
    return { param: this.#param, from: this.#from, to: this.#to, variable: this.#variable, settings: { ...this.#settings } };
  }

  /** Restores a saved form; unknown parameters or variables keep the current choice. */
  restore(saved: { param: string; from: string; to: string; variable: string; settings: Partial<Record<SettingKey, string>> }): void {
    if (this.params.some((p) => p.name === saved.param)) this.#param = saved.param;
    this.#from = saved.from;
    this.#to = saved.to;
    if (this.def.states.some((s) => s.name === saved.variable)) this.#variable = saved.variable;
    for (const k of SETTING_KEYS) {
      const v = saved.settings[k];
      this.#settings[k] = typeof v === 'string' ? v : formatExact(DEFAULT_CONTINUATION[k]);
    }
  }

  /**
   * The request to trace from the simulation form's current values, or the issues that prevent
   * it: fields of this form (`bounds`, `settings.<key>`) and the simulation form's parameters,
   * initial state and input baselines (windows and solver settings do not matter here).
   */
  request(sim: SimulationForm): BuiltRequest {
    const issues: FieldIssue[] = sim.issues.filter(
      (i) => i.field.startsWith('params.') || i.field.startsWith('initial.') || /^inputs\.[^.]+\.baseline$/.test(i.field),
    );
    const num = (field: string, text: string, fallback: number): number => {
      const p = parseNumber(text);
      if (p.ok) return p.value;
      issues.push({ field, message: p.message });
      return fallback;
    };
    const lo = num('bounds[0]', this.#from, 0);
    const hi = num('bounds[1]', this.#to, 1);
    const settings = {} as ContinuationSettings;
    for (const k of SETTING_KEYS) settings[k] = num(`settings.${k}`, this.#settings[k], DEFAULT_CONTINUATION[k]);
    const draft = sim.draftRequest;
    const inputs: Record<string, number> = {};
    for (const [name, spec] of Object.entries(draft.inputs)) if (spec.kind === 'schedule') inputs[name] = spec.baseline;
    const request: ContinuationRequest = {
      model: this.def.name,
      params: { ...draft.params },
      initial: { ...draft.initial },
      inputs,
      param: this.#param,
      bounds: [lo, hi],
      settings,
    };
    if (issues.length === 0) {
      try {
        issues.push(...validateContinuation(request, this.def));
      } catch (e) {
        issues.push({ field: 'request', message: e instanceof Error ? e.message : String(e) });
      }
    }
    return issues.length === 0 ? { ok: true, request } : { ok: false, issues };
  }
}
