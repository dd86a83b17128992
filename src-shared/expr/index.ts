/** The model language: parse, differentiate, simplify, evaluate and print expressions. */
export * from './ast';
export { FUNCTIONS, functionSpec, applyFunction, type FunctionSpec, type TreeBuilders } from './functions';
export { ExprError } from './errors';
export { tokenize, type Token } from './lexer';
export { parse, parseExpression, parseEquation, type SymbolSet } from './parse';
export { simplify, equal } from './simplify';
export { differentiate, dependsOn } from './diff';
export { evaluate, type Env } from './evaluate';
export { toText, toLatex, symbolLatex, type LatexOptions, type TextOptions } from './print';
