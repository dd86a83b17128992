/**
 * Checks a model draft the way the engine will (same parser, same rules as buildModel) and says
 * where each problem is: the field (`equations.2.text`, `params.0.default`, ...), and for
 * expressions the 1-based column in the line the user typed and the offending token. A draft
 * without issues becomes a ModelDef; every parsed line also gets its LaTeX, drawn from the AST.
 * Pure, no DOM: nothing typed here is ever executed.
 */
import { IDENTIFIER, isConstantName, isFunctionName, type Node } from '@shared/expr/ast';
import { ExprError } from '@shared/expr/errors';
import { parseEquation, parseExpression } from '@shared/expr/parse';
import { symbolLatex, toLatex } from '@shared/expr/print';
import { buildModel, MAX_NAME_LENGTH, ModelError } from '@shared/models/build';
import type { ModelDef } from '@shared/models/types';
import { parseNumber } from '../format';
import type { ModelDraft } from './draft';

/** One problem of a draft, at a field; `column` (1-based) and `token` for expression text. */
export interface EditorIssue {
  field: string;
  message: string;
  column?: number;
  token?: string;
}

export interface CheckContext {
  /** Names the model may not take (the built-in templates and the project's other models). */
  taken: ReadonlySet<string>;
  /** Version the resulting definition gets. */
  version?: number;
}

export interface DraftCheck {
  issues: EditorIssue[];
  /** The definition, when there is no issue. */
  def: ModelDef | null;
  /** LaTeX of each equation line (`\dot{r} = ...`), null while it does not parse. */
  equationLatex: (string | null)[];
  /** LaTeX of each definition line (`r_{\mathrm{in}} = J r`), null while it does not parse. */
  definitionLatex: (string | null)[];
}

/** Longest title accepted (as in project files). */
export const MAX_TITLE_LENGTH = 10_000;

const DEF_LHS = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)/;

/** The issue of an ExprError at `field` (its column and token, when it has them). */
export function exprIssue(field: string, e: ExprError, textLength: number): EditorIssue {
  const context = e.context === '' ? '' : `${e.context}: `;
  let bare = e.message.startsWith(context) ? e.message.slice(context.length) : e.message;
  if (e.position > 0) bare = bare.replace(/ at column \d+$/, '');
  const issue: EditorIssue = { field, message: bare };
  if (e.position > 0) issue.column = e.position;
  else if (/empty expression/.test(bare)) issue.column = textLength + 1;
  if (e.token !== '') issue.token = e.token;
  return issue;
}

/** Why `name` cannot be a symbol, or null when it can. */
function nameProblem(name: string): string | null {
  if (name === '') return 'a name is required';
  if (name.length > MAX_NAME_LENGTH) return `longer than ${MAX_NAME_LENGTH} characters`;
  if (!IDENTIFIER.test(name)) return `'${name}' is not a valid name (letters, digits and _, not starting with a digit)`;
  if (isFunctionName(name) || isConstantName(name)) return `'${name}' is reserved (a function or constant of the language)`;
  return null;
}

const TABLE_WORD = { states: 'state', params: 'parameter', inputs: 'input', definitions: 'definition' } as const;

/** Checks `draft`; see DraftCheck. */
export function checkDraft(draft: ModelDraft, ctx: CheckContext): DraftCheck {
  const issues: EditorIssue[] = [];
  const add = (field: string, message: string, extra: Partial<EditorIssue> = {}) => issues.push({ field, message, ...extra });

  const modelName = draft.name.trim();
  const np = nameProblem(modelName);
  if (np !== null) add('name', np);
  else if (ctx.taken.has(modelName)) add('name', `'${modelName}' is already a model of this project or a built-in template; choose another name`);
  if (draft.title.length > MAX_TITLE_LENGTH) add('title', `longer than ${MAX_TITLE_LENGTH} characters`);

  // Symbol names, in declaration order, with where each was first declared.
  const declared = new Map<string, string>();
  const declare = (field: string, kind: keyof typeof TABLE_WORD, name: string, column?: number) => {
    const problem = nameProblem(name);
    const extra = column === undefined ? {} : { column, token: name };
    if (problem !== null) return void add(field, problem, extra);
    const prev = declared.get(name);
    if (prev !== undefined) return void add(field, `'${name}' is already declared as ${prev}`, extra);
    declared.set(name, `a ${TABLE_WORD[kind]}`);
  };
  draft.states.forEach((s, i) => declare(`states.${i}.name`, 'states', s.name.trim()));
  draft.params.forEach((p, i) => declare(`params.${i}.name`, 'params', p.name.trim()));
  draft.inputs.forEach((p, i) => declare(`inputs.${i}.name`, 'inputs', p.name.trim()));
  const defHeads = draft.definitions.map((d, i) => {
    const m = DEF_LHS.exec(d.text);
    if (!m) {
      add(`definitions.${i}.text`, 'expected a definition of the form name = expression', { column: 1 });
      return null;
    }
    declare(`definitions.${i}.text`, 'definitions', m[1], d.text.indexOf(m[1]) + 1);
    return { name: m[1], offset: m[0].length };
  });
  if (draft.states.length === 0) add('states', 'a model needs at least one state variable');

  const num = (field: string, text: string): number => {
    const p = parseNumber(text);
    if (p.ok) return p.value;
    add(field, p.message);
    return NaN;
  };
  const initial = draft.states.map((s, i) => num(`states.${i}.initial`, s.initial));
  const defaults = draft.params.map((p, i) => {
    const v = num(`params.${i}.default`, p.default);
    if (Number.isNaN(v)) return v;
    const field = `params.${i}.default`;
    if (p.domain === 'positive' && !(v > 0)) add(field, 'must be > 0 (the domain chosen for this parameter)');
    if (p.domain === 'nonnegative' && !(v >= 0)) add(field, 'must be ≥ 0 (the domain chosen for this parameter)');
    if (p.domain === 'nonzero' && v === 0) add(field, 'must not be 0 (the domain chosen for this parameter)');
    return v;
  });
  const inputDefaults = draft.inputs.map((p, i) => num(`inputs.${i}.default`, p.default));

  // Expressions: every declared name may appear (definitions are substituted by buildModel).
  const symbols = new Set(declared.keys());
  const latexOf = new Map<string, string>();
  const rowLatex = (name: string, row: { latex: string; latexFor: string }) =>
    latexOf.set(name, row.latex.trim() !== '' && row.latexFor === name ? row.latex : symbolLatex(name));
  draft.states.forEach((s) => rowLatex(s.name.trim(), s));
  draft.params.forEach((s) => rowLatex(s.name.trim(), s));
  draft.inputs.forEach((s) => rowLatex(s.name.trim(), s));
  draft.definitions.forEach((d, i) => defHeads[i] && rowLatex(defHeads[i].name, d));
  const latex = (ast: Node) => toLatex(ast, { symbol: (n) => latexOf.get(n) });

  const definitionLatex = draft.definitions.map((d, i): string | null => {
    const head = defHeads[i];
    if (!head) return null;
    try {
      const ast = parseExpression(d.text.slice(head.offset), symbols, `definition ${head.name}`, head.offset);
      return `${latexOf.get(head.name) ?? symbolLatex(head.name)} = ${latex(ast)}`;
    } catch (e) {
      if (!(e instanceof ExprError)) throw e;
      issues.push(exprIssue(`definitions.${i}.text`, e, d.text.length));
      return null;
    }
  });

  const stateNames = new Set(draft.states.map((s) => s.name.trim()));
  const equationOf = new Map<string, number>();
  const parsedEquations: ({ state: string; rhs: string } | null)[] = [];
  const equationLatex = draft.equations.map((eq, i): string | null => {
    const field = `equations.${i}.text`;
    parsedEquations.push(null);
    let parsed: { state: string; rhs: Node };
    try {
      parsed = parseEquation(eq.text, symbols);
    } catch (e) {
      if (!(e instanceof ExprError)) throw e;
      issues.push(exprIssue(field, e, eq.text.length));
      // The line is meant for this state: do not also report the state as lacking an equation.
      const lhs = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*'/.exec(eq.text);
      if (lhs && !equationOf.has(lhs[1])) equationOf.set(lhs[1], i);
      return null;
    }
    const column = eq.text.indexOf(parsed.state) + 1;
    if (!stateNames.has(parsed.state)) {
      add(field, `'${parsed.state}' is not a state variable (add it under States)`, { column, token: parsed.state });
    } else if (equationOf.has(parsed.state)) {
      add(field, `second equation for '${parsed.state}' (the first is line ${(equationOf.get(parsed.state) as number) + 1})`, { column, token: parsed.state });
    } else equationOf.set(parsed.state, i);
    const rhsStart = eq.text.indexOf('=') + 1;
    parsedEquations[i] = { state: parsed.state, rhs: eq.text.slice(rhsStart).trim() };
    const lhs = latexOf.get(parsed.state) ?? symbolLatex(parsed.state);
    return `\\dot{${lhs}} = ${latex(parsed.rhs)}`;
  });
  draft.states.forEach((s, k) => {
    const name = s.name.trim();
    if (nameProblem(name) === null && !equationOf.has(name)) add(`states.${k}.name`, `no equation for ${name}' (add one under Equations)`);
  });

  const result = { issues, def: null, equationLatex, definitionLatex };
  if (issues.length > 0) return result;

  const meta = (r: { unit: string; description: string }) => ({ unit: r.unit.trim(), description: r.description.trim() });
  const def: ModelDef = {
    name: modelName,
    version: ctx.version ?? 1,
    title: draft.title.trim() === '' ? modelName : draft.title.trim(),
    description: draft.description.trim(),
    states: draft.states.map((s, i) => ({ name: s.name.trim(), latex: latexOf.get(s.name.trim()) as string, ...meta(s), initial: initial[i] })),
    params: draft.params.map((p, i) => ({
      name: p.name.trim(),
      latex: latexOf.get(p.name.trim()) as string,
      ...meta(p),
      default: defaults[i],
      ...(p.domain === '' ? {} : { domain: p.domain }),
    })),
    inputs: draft.inputs.map((p, i) => ({ name: p.name.trim(), latex: latexOf.get(p.name.trim()) as string, ...meta(p), default: inputDefaults[i] })),
    definitions: draft.definitions.map((d, i) => {
      const head = defHeads[i] as { name: string; offset: number };
      return { name: head.name, latex: latexOf.get(head.name) as string, ...meta(d), expr: d.text.slice(head.offset).trim() };
    }),
    equations: parsedEquations.map((e, i) => ({ ...(e as { state: string; rhs: string }), latex: equationLatex[i] as string })),
  };
  try {
    buildModel(def);
  } catch (e) {
    issues.push(buildIssue(e, draft, defHeads));
    return result;
  }
  return { ...result, def };
}

/** Maps an error of buildModel (whole-model checks: definitions referring to themselves, size) to its row. */
function buildIssue(e: unknown, draft: ModelDraft, defHeads: ({ name: string } | null)[]): EditorIssue {
  const where = e instanceof ModelError ? e.field : e instanceof ExprError ? e.context : '';
  const message = e instanceof Error ? e.message.replace(/^[^:]*: /, '') : String(e);
  const def = /^definition (\w+)/.exec(where);
  if (def) {
    const i = defHeads.findIndex((h) => h?.name === def[1]);
    if (i >= 0) return { field: `definitions.${i}.text`, message };
  }
  const eq = /^equation (\w+)'/.exec(where);
  if (eq) {
    const i = draft.equations.findIndex((x) => new RegExp(`^\\s*${eq[1]}\\s*'`).test(x.text));
    if (i >= 0) return { field: `equations.${i}.text`, message };
  }
  return { field: 'model', message: e instanceof Error ? e.message : String(e) };
}

/** The text around an issue's column, split so the offending token can be marked (`[before, token, after]`). */
export function markToken(text: string, issue: EditorIssue): [string, string, string] | null {
  if (issue.column === undefined) return null;
  const at = Math.min(Math.max(issue.column - 1, 0), text.length);
  const len = issue.token !== undefined && text.startsWith(issue.token, at) ? issue.token.length : Math.min(1, text.length - at);
  return [text.slice(0, at), text.slice(at, at + len), text.slice(at + len)];
}
