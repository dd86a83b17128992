/**
 * Models as data. A model definition is plain JSON-able data: symbols with their metadata and
 * equations as text in PyRates' equation syntax (`r' = ...`). Nothing here is ever executed:
 * equations go through the safe parser in ../expr and are compiled from the AST only.
 */

/** Metadata shared by every symbol of a model. */
export interface SymbolInfo {
  /** Identifier used in equations, e.g. `tau_s`. */
  name: string;
  /** LaTeX for display, e.g. `\tau_s`. */
  latex: string;
  /** One-line description for tooltips and help. */
  description: string;
  /** Unit, or `''` for dimensionless. */
  unit: string;
}

/** A state variable and its default initial value. */
export interface StateInfo extends SymbolInfo {
  initial: number;
}

/**
 * A constant parameter. `domain` states where the model is defined, so that a value such as
 * `tau <= 0` is refused before any work starts.
 */
export interface ParamInfo extends SymbolInfo {
  default: number;
  domain?: 'positive' | 'nonnegative' | 'nonzero';
}

/** An external input: a time-dependent signal with a constant default (baseline). */
export interface InputInfo extends SymbolInfo {
  default: number;
}

/** An auxiliary definition substituted into the equations, e.g. `r_in = J*r`. */
export interface DefinitionInfo extends SymbolInfo {
  /** Right-hand side in equation syntax. */
  expr: string;
}

/** One ODE: `state' = rhs`. */
export interface EquationDef {
  state: string;
  rhs: string;
  /** LaTeX of the whole equation for display (e.g. `\dot r = ...`). */
  latex: string;
}

export interface ModelDef {
  /** Identifier, e.g. `ik_nodim`. */
  name: string;
  /** Template version; bumped when equations or defaults change. */
  version: number;
  title: string;
  description: string;
  states: StateInfo[];
  params: ParamInfo[];
  inputs: InputInfo[];
  definitions: DefinitionInfo[];
  equations: EquationDef[];
}
