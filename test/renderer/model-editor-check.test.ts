/**
 * The model editor's pure logic: a draft becomes the same definition the engine accepts (templates
 * round-trip to the same content hash), every problem lands at its field, and expression errors
 * carry the parser's column and token within the line the user typed.
 */
import { describe, expect, it } from 'vitest';
import { modelHash } from '@shared/models/identity';
import { buildModel } from '@shared/models/build';
import { TEMPLATES, getTemplate } from '@shared/models/templates';
import { checkDraft, markToken, type EditorIssue } from '../../src-renderer/src/lib/model-editor/check';
import { draftFromDef, emptyRow, skeletonDef, uniqueName, type ModelDraft } from '../../src-renderer/src/lib/model-editor/draft';

const NONE = new Set<string>();
const ik = () => draftFromDef(getTemplate('ik_nodim')!);

function issuesOf(draft: ModelDraft, taken: ReadonlySet<string> = NONE): EditorIssue[] {
  return checkDraft(draft, { taken }).issues;
}

function only(draft: ModelDraft): EditorIssue {
  const issues = issuesOf(draft);
  expect(issues, JSON.stringify(issues)).toHaveLength(1);
  return issues[0];
}

describe('draft -> definition', () => {
  it.each(TEMPLATES.map((t) => [t.name, t] as const))('%s: an unedited draft gives the same model (same content hash)', (_name, t) => {
    const { def, issues } = checkDraft(draftFromDef(t), { taken: NONE });
    expect(issues).toEqual([]);
    expect(def).not.toBeNull();
    expect(modelHash(def!)).toBe(modelHash(t));
    // Metadata kept: units, descriptions and the symbols' LaTeX.
    expect(def!.params.map((p) => [p.name, p.unit, p.description, p.latex, p.domain])).toEqual(
      t.params.map((p) => [p.name, p.unit, p.description, p.latex, p.domain]),
    );
    expect(def!.definitions.map((d) => [d.name, d.latex])).toEqual(t.definitions.map((d) => [d.name, d.latex]));
  });

  it('makes the new-model skeleton a valid model that builds', () => {
    const { def, issues } = checkDraft(draftFromDef(skeletonDef('my_model')), { taken: new Set(['ik_nodim']) });
    expect(issues).toEqual([]);
    expect(buildModel(def!).stateNames).toEqual(['x']);
    expect(def!.equations[0].latex).toBe('\\dot{x} = \\frac{-x + I_{\\mathrm{ext}}}{\\tau}');
  });

  it('reads edits: numbers, domains, trimmed names, an empty title taking the name', () => {
    const d = ik();
    d.params[1].default = ' 2.5e-1 ';
    d.params[2].domain = 'nonzero';
    d.params[2].default = '-3';
    d.states[0].name = ' r ';
    d.title = '';
    d.name = 'mine';
    const { def, issues } = checkDraft(d, { taken: NONE });
    expect(issues).toEqual([]);
    expect(def!.params[1].default).toBe(0.25);
    expect(def!.params[2].domain).toBe('nonzero');
    expect(def!.states[0].name).toBe('r');
    expect(def!.title).toBe('mine');
    expect('domain' in def!.params[3]).toBe(false);
  });

  it("keeps a symbol's own LaTeX until it is renamed, then derives it from the new name", () => {
    const d = ik();
    expect(checkDraft(d, { taken: NONE }).def!.params[2].latex).toBe('\\bar\\eta'); // eta, drawn as the mean
    d.params[2].name = 'theta';
    d.equations[1].text = d.equations[1].text.replace('eta', 'theta');
    const { def, equationLatex } = checkDraft(d, { taken: NONE });
    expect(def!.params[2].latex).toBe('\\theta');
    expect(equationLatex[1]).toContain('\\theta');
    expect(equationLatex[1]).not.toContain('\\bar');
  });
});

describe('problems at their field', () => {
  it('a typo in an equation: field, column of the token, and the token', () => {
    const d = ik();
    const text = d.equations[0].text; // r' = (Delta/(pi*tau) + ...
    d.equations[0].text = text.replace('Delta/(pi*tau)', 'Delta/(pi*tua)');
    const issue = only(d);
    expect(issue.field).toBe('equations.0.text');
    expect(issue.token).toBe('tua');
    expect(issue.column).toBe(d.equations[0].text.indexOf('tua') + 1);
    expect(issue.message).toMatch(/unknown symbol/);
    expect(markToken(d.equations[0].text, issue)?.[1]).toBe('tua');
  });

  it('a stray character and a missing parenthesis are located in the line', () => {
    const d = ik();
    d.equations[2].text = "u' = a*(b*v - u) + d*r;";
    let issue = only(d);
    expect([issue.field, issue.column, issue.token]).toEqual(['equations.2.text', d.equations[2].text.length, ';']);
    d.equations[2].text = "u' = a*(b*v - u + d*r";
    issue = only(d);
    expect(issue.field).toBe('equations.2.text');
    expect(issue.column).toBe(d.equations[2].text.length + 1); // at the end: the ')' never came
    expect(markToken(d.equations[2].text, issue)).toEqual([d.equations[2].text, '', '']);
  });

  it('a definition line: its own column, with the offset of its left-hand side', () => {
    const d = ik();
    d.definitions[0].text = 'r_in   = J*q';
    const issue = only(d);
    expect([issue.field, issue.column, issue.token]).toEqual(['definitions.0.text', 'r_in   = J*q'.indexOf('q') + 1, 'q']);
  });

  it('an equation for something that is not a state, a second equation, a state without one', () => {
    const d = ik();
    d.equations[3].text = "w' = -s/tau_s + r_in";
    const issues = issuesOf(d);
    expect(issues.find((i) => i.field === 'equations.3.text')).toMatchObject({ column: 1, token: 'w' });
    expect(issues.find((i) => i.field === 'states.3.name')?.message).toMatch(/no equation for s'/);
    d.equations[3].text = "  u' = -u";
    const second = issuesOf(d).find((i) => i.field === 'equations.3.text');
    expect(second).toMatchObject({ column: 3, token: 'u' });
    expect(second?.message).toMatch(/second equation for 'u' \(the first is line 3\)/);
  });

  it('names: invalid, reserved, duplicated across tables, and the model name taken', () => {
    const d = ik();
    d.states[1].name = '2v';
    d.params[0].name = 'exp';
    d.inputs[0].name = 'tau';
    d.name = 'ik_nodim';
    const byField = new Map(issuesOf(d, new Set(['ik_nodim'])).map((i) => [i.field, i.message]));
    expect(byField.get('states.1.name')).toMatch(/not a valid name/);
    expect(byField.get('params.0.name')).toMatch(/reserved/);
    expect(byField.get('inputs.0.name')).toMatch(/'tau' is already declared as a parameter/);
    expect(byField.get('name')).toMatch(/already a model/);
  });

  it('numbers and domains at the number field', () => {
    const d = ik();
    d.states[0].initial = 'abc';
    d.params[1].default = '0'; // tau: > 0
    d.inputs[0].default = '';
    const byField = new Map(issuesOf(d).map((i) => [i.field, i.message]));
    expect(byField.get('states.0.initial')).toMatch(/not a number/);
    expect(byField.get('params.1.default')).toMatch(/must be > 0/);
    expect(byField.get('inputs.0.default')).toMatch(/enter a number/);
  });

  it('a definition that refers to itself is found by the whole-model check and put on its line', () => {
    const d = ik();
    d.definitions.push({ ...emptyRow('definitions'), text: 'a1 = b1 + 1' } as ModelDraft['definitions'][number]);
    d.definitions.push({ ...emptyRow('definitions'), text: 'b1 = a1*2' } as ModelDraft['definitions'][number]);
    const issue = only(d);
    expect(issue.field).toMatch(/^definitions\.[12]\.text$/);
    expect(issue.message).toMatch(/refers to itself/);
  });

  it('a model without states, and a line that is not a definition', () => {
    const d = ik();
    d.states = [];
    d.equations = [];
    d.definitions[0].text = 'J*r';
    const fields = issuesOf(d).map((i) => i.field);
    expect(fields).toContain('states');
    expect(fields).toContain('definitions.0.text');
  });

  it('gives LaTeX of every line that parses, even while other lines have problems', () => {
    const d = ik();
    d.equations[1].text = "v' = v^2 +";
    const c = checkDraft(d, { taken: NONE });
    expect(c.def).toBeNull();
    expect(c.equationLatex[1]).toBeNull();
    expect(c.equationLatex[2]).toBe('\\dot{u} = a \\left(b v - u\\right) + d r');
    expect(c.definitionLatex[0]).toBe('r_{\\mathrm{in}} = J r');
  });
});

describe('uniqueName', () => {
  it('adds the first free suffix', () => {
    expect(uniqueName('m', new Set())).toBe('m');
    expect(uniqueName('m', new Set(['m', 'm_2']))).toBe('m_3');
    expect(uniqueName('x'.repeat(80), new Set()).length).toBeLessThanOrEqual(64);
  });
});
