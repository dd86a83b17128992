/**
 * Rooted trees for the order conditions of Runge–Kutta and Rosenbrock methods (HNW I, II.2; HW II,
 * IV.7): a tree is the multiset of its subtrees (children), canonically sorted, generated here
 * rather than listed by hand.
 */
export interface Tree {
  children: Tree[];
  key: string;
  order: number;
}

export function tree(children: Tree[]): Tree {
  const sorted = [...children].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { children: sorted, key: `[${sorted.map((c) => c.key).join('')}]`, order: 1 + children.reduce((s, c) => s + c.order, 0) };
}

const memo = new Map<number, Tree[]>();

/** All rooted trees with exactly `n` vertices (1, 1, 2, 4, 9, 20 for n = 1..6). */
export function treesOfOrder(n: number): Tree[] {
  const cached = memo.get(n);
  if (cached) return cached;
  const found = new Map<string, Tree>();
  // Children: multisets of trees with total order n - 1, built by adding one subtree at a time.
  const extend = (children: Tree[], remaining: number) => {
    if (remaining === 0) {
      const t = tree(children);
      found.set(t.key, t);
      return;
    }
    for (let m = 1; m <= remaining; m++) for (const c of treesOfOrder(m)) extend([...children, c], remaining - m);
  };
  extend([], n - 1);
  const list = [...found.values()];
  memo.set(n, list);
  return list;
}

/** The density gamma(t): the order condition of t is sum_i b_i Phi_i(t) = 1/gamma(t). */
export const density = (t: Tree): number => t.order * t.children.reduce((g, c) => g * density(c), 1);
