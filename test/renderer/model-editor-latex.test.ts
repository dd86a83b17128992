/**
 * Equations shown as mathematics: LaTeX comes from the parsed tree (never from the typed text),
 * for every function of the language's registry, and KaTeX renders it with the app's options
 * without error. Metadata LaTeX from a file cannot become a link or HTML: KaTeX's trust is off.
 */
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { FUNCTION_NAMES, FUNCTIONS } from '@shared/expr/functions';
import { checkDraft } from '../../src-renderer/src/lib/model-editor/check';
import { draftFromDef, skeletonDef } from '../../src-renderer/src/lib/model-editor/draft';
import { KATEX_OPTIONS } from '../../src-renderer/src/lib/katex-options';

/** The skeleton with its equation's right-hand side replaced by `rhs`. */
function equationLatex(rhs: string): string | null {
  const d = draftFromDef(skeletonDef('m'));
  d.params.push({ name: 'y', default: '1', domain: '', unit: '', description: '', latex: '', latexFor: '' });
  d.equations[0].text = `x' = ${rhs}`;
  return checkDraft(d, { taken: new Set() }).equationLatex[0];
}

/** The text KaTeX draws (its HTML part, tags removed). */
const visible = (html: string) => html.slice(html.indexOf('>', html.indexOf('katex-html')) + 1).replace(/<[^>]*>/g, '');

const render = (latex: string) => katex.renderToString(latex, { ...KATEX_OPTIONS, throwOnError: true });

describe('LaTeX of every registered function', () => {
  it.each(FUNCTION_NAMES.map((f) => [f]))('%s', (fn) => {
    const args = FUNCTIONS[fn].arity === 1 ? 'x/tau' : 'x, y^2';
    const latex = equationLatex(`${fn}(${args}) - 1`);
    expect(latex).not.toBeNull();
    expect(latex!.startsWith('\\dot{x} = ')).toBe(true);
    // The argument appears as a fraction (built from the tree, not copied from the text).
    if (FUNCTIONS[fn].arity === 1) expect(latex).toContain('\\frac{x}{\\tau}');
    else expect(latex).toContain('{y}^{2}');
    const spec = FUNCTIONS[fn].latex;
    if (typeof spec === 'string') expect(latex).toContain(`${spec}\\left(`);
    const html = render(latex!);
    expect(html).not.toContain('katex-error');
    // What is drawn (not the source kept in the MathML annotation) shows the function's own symbol.
    const own = typeof spec === 'string' ? spec : spec(['\\frac{x}{\\tau}']);
    expect(visible(html)).toContain(visible(render(own)));
  });

  it('draws powers, unary minus, pi and nested fractions', () => {
    const latex = equationLatex('-(x^2)^(1/3) + pi*exp(-x/tau)/(1 + y)');
    expect(latex).toBe('\\dot{x} = -{\\left({x}^{2}\\right)}^{\\frac{1}{3}} + \\frac{\\pi \\exp\\left(\\frac{-x}{\\tau}\\right)}{1 + y}');
    expect(render(latex!)).not.toContain('katex-error');
  });
});

describe('KaTeX options', () => {
  it('refuse links and HTML commands in LaTeX from a file', () => {
    for (const bad of ['\\href{javascript:alert(1)}{x}', '\\url{https://example.org}', '\\htmlClass{x}{y}', '\\includegraphics{a.png}']) {
      const html = katex.renderToString(bad, KATEX_OPTIONS);
      // The source is kept (escaped) only as the MathML annotation; nothing else may carry it.
      const shown = html.replace(/<annotation[^>]*>[^<]*<\/annotation>/g, '');
      expect(shown).not.toMatch(/<a |href=|javascript:|<img|src=|class="x"/);
      expect(shown).toContain('#cc0000'); // the command, in KaTeX's error colour
    }
  });

  it('bound macro expansion (a macro bomb renders as an error, it does not hang)', () => {
    const bomb =
      '\\def\\a{xxxxxxxxxx}\\def\\b{\\a\\a\\a\\a\\a\\a\\a\\a\\a\\a}\\def\\c{\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b}\\def\\d{\\c\\c\\c\\c\\c\\c\\c\\c\\c\\c}\\d';
    expect(katex.renderToString(bomb, KATEX_OPTIONS)).toContain('katex-error');
  });
});
