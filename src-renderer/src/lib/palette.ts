/**
 * Run colours: the Okabe–Ito colour-blind-safe palette (Okabe & Ito, "Color Universal Design", 2008),
 * ordered so the first few are the most distinct, with a lighter variant of each for dark mode.
 * A run keeps its palette index everywhere (chart, legend, run list, exports).
 */
export interface Swatch {
  name: string;
  light: string;
  dark: string;
}

export const PALETTE: readonly Swatch[] = [
  { name: 'blue', light: '#0072B2', dark: '#4BA3E0' },
  { name: 'vermillion', light: '#D55E00', dark: '#F0803C' },
  { name: 'bluish green', light: '#009E73', dark: '#2CC79A' },
  { name: 'reddish purple', light: '#CC79A7', dark: '#E59CC4' },
  { name: 'orange', light: '#E69F00', dark: '#F2B53A' },
  { name: 'sky blue', light: '#56B4E9', dark: '#8ACDF2' },
  { name: 'grey', light: '#555555', dark: '#BBBBBB' },
];

export function swatchColor(index: number, dark: boolean): string {
  const s = PALETTE[((index % PALETTE.length) + PALETTE.length) % PALETTE.length];
  return dark ? s.dark : s.light;
}

/** The first palette index not used by `used`, or the least used one when all are taken. */
export function nextColorIndex(used: readonly number[]): number {
  const counts = PALETTE.map((_, i) => used.filter((u) => u === i).length);
  const min = Math.min(...counts);
  return counts.indexOf(min);
}
