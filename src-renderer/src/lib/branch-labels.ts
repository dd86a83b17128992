/**
 * Branch labels that say what tells the listed branches apart. Pure, no DOM.
 *
 * Every label starts with the continued parameter and its range ("eta ∈ [-1, 1]"); after " · "
 * come the settings that differ among the branches ("g = 1.5"): the model, the fixed parameters
 * and input values, the starting guess and the numerical settings. The branch's own continued
 * parameter is not a fixed setting and is left out of its facts. Numbers are rounded to the digits
 * that tell the branches apart (see distinct.ts), or printed in full with `exact`; branches that
 * would still share a label get " (branch <id>)".
 */
import type { ContinuationRequest } from '@shared/continuation/types';
import { differingTexts, uniqueLabels, type LabelFact } from './distinct';
import { formatExact } from './format';

/** The facts of one continuation request, in a stable order. */
export function branchFacts(req: ContinuationRequest): LabelFact[] {
  const facts: LabelFact[] = [{ key: 'model', text: req.model }];
  for (const [name, v] of Object.entries(req.params)) {
    if (name !== req.param) facts.push({ key: `params.${name}`, text: `${name} = `, value: v });
  }
  for (const [name, v] of Object.entries(req.inputs)) {
    if (name !== req.param) facts.push({ key: `inputs.${name}`, text: `${name} = `, value: v });
  }
  for (const [name, v] of Object.entries(req.initial)) {
    facts.push({ key: `initial.${name}`, text: `${name} guess = `, value: v });
  }
  for (const [name, v] of Object.entries(req.settings)) {
    facts.push({ key: `settings.${name}`, text: `${name} = `, value: v });
  }
  return facts;
}

/** "eta ∈ [-1, 1]": the continued parameter and its range, as typed. */
export function branchRange(req: ContinuationRequest): string {
  return `${req.param} ∈ [${formatExact(req.bounds[0])}, ${formatExact(req.bounds[1])}]`;
}

/**
 * One label per branch: range, then the differing settings ("eta ∈ [-1, 1] · g = 1.5"), then
 * `suffixes[i]` (e.g. " (cancelled)"). `ids[i]` is the number the user sees for branch i.
 */
export function branchLabels(requests: readonly ContinuationRequest[], ids: readonly number[], suffixes: readonly string[] = [], exact = false): string[] {
  const differing = differingTexts(requests.map(branchFacts), exact);
  const labels = requests.map((r, i) => {
    const facts = differing[i];
    return `${branchRange(r)}${facts.length > 0 ? ` · ${facts.join(', ')}` : ''}${suffixes[i] ?? ''}`;
  });
  return uniqueLabels(labels, ids, 'branch');
}
