/**
 * Names of the flattened model's symbols. A variable is called by its bare name when that is
 * unique (single-node models); otherwise it is qualified, one level at a time, only where names
 * collide: single node `op_var`, then `node_op_var`; several nodes `node_var`, then `node_op_var`.
 * Edge weights are `J` when the circuit has one edge (the J of the ik papers), otherwise
 * `J_<source node>_<target node>`, qualified by the variables (`J_<src node>_<src var>_<tgt node>_<tgt var>`)
 * when two edges join the same nodes. Any clash left (or with a name of the language) gets `_2`, `_3`, ...
 */
import { IDENTIFIER, isConstantName, isFunctionName } from '../../expr/ast';

/** Names a model may not use: the language's functions and constants, and time. */
export function isReservedName(name: string): boolean {
  return isFunctionName(name) || isConstantName(name) || name === 't';
}

/** A name part made of identifier characters (other characters become `_`). */
export function identifierPart(text: string): string {
  const s = text.replace(/[^A-Za-z0-9_]/g, '_');
  return s === '' ? '_' : s;
}

/** `name` as a valid identifier (a leading digit gets a prefix). */
function asIdentifier(name: string): string {
  return IDENTIFIER.test(name) ? name : `x_${name}`;
}

export interface Qualifiable {
  node: string;
  op: string;
  variable: string;
}

/** Chooses names for variables (see the file comment); `multiNode` when the circuit has several nodes. */
export function chooseNames(items: readonly Qualifiable[], multiNode: boolean): string[] {
  const candidates = (q: Qualifiable): string[] => {
    const n = identifierPart(q.node);
    const o = identifierPart(q.op);
    const v = q.variable;
    return multiNode ? [`${n}_${v}`, `${n}_${o}_${v}`] : [v, `${o}_${v}`, `${n}_${o}_${v}`];
  };
  const all = items.map((q) => candidates(q).map(asIdentifier));
  const level = items.map(() => 0);
  for (let changed = true; changed;) {
    changed = false;
    const count = new Map<string, number>();
    items.forEach((_, i) => count.set(all[i][level[i]], (count.get(all[i][level[i]]) ?? 0) + 1));
    items.forEach((_, i) => {
      const name = all[i][level[i]];
      if (((count.get(name) ?? 0) > 1 || isReservedName(name)) && level[i] < all[i].length - 1) {
        level[i]++;
        changed = true;
      }
    });
  }
  const taken = new Set<string>();
  return items.map((_, i) => unique(all[i][level[i]], taken));
}

/** `base`, or `base_2`, `base_3`, ... : the first that is neither taken nor reserved (then taken). */
export function unique(base: string, taken: Set<string>): string {
  let name = base;
  for (let k = 2; taken.has(name) || isReservedName(name); k++) name = `${base}_${k}`;
  taken.add(name);
  return name;
}

export interface EdgeEnds {
  srcNode: string;
  srcVar: string;
  tgtNode: string;
  tgtVar: string;
}

/** Names of edge weights (see the file comment), avoiding the names in `taken` (which it extends). */
export function weightNames(edges: readonly EdgeEnds[], taken: Set<string>): string[] {
  if (edges.length === 1) return [unique('J', taken)];
  const short = edges.map((e) => `J_${identifierPart(e.srcNode)}_${identifierPart(e.tgtNode)}`);
  const long = edges.map((e) => `J_${identifierPart(e.srcNode)}_${e.srcVar}_${identifierPart(e.tgtNode)}_${e.tgtVar}`);
  return edges.map((_, i) => unique(short.filter((s) => s === short[i]).length > 1 ? long[i] : short[i], taken));
}
