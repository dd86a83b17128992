/**
 * The one set of KaTeX options of the app. LaTeX shown in the window comes from expression trees
 * (toLatex) or from a model's symbol metadata, which may come from a file: KaTeX must never turn it
 * into links, HTML attributes or anything beyond mathematics. `trust: false` refuses \href, \url,
 * \includegraphics and \htmlClass-style commands (they render as error text); `maxExpand` bounds
 * macro expansion, `maxSize` the size of rules and spaces; errors render in place, never throw.
 */
import type { KatexOptions } from 'katex';

export const KATEX_OPTIONS: Readonly<KatexOptions> = Object.freeze({
  throwOnError: false,
  trust: false,
  strict: 'ignore',
  maxExpand: 1000,
  maxSize: 50,
});
