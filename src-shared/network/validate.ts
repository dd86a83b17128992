/**
 * Refusing bad network requests before any work, one issue per problem naming the field
 * (`network.neurons`, `solver.method`, `params.g`, ...). The mean-field part is checked as a
 * simulation request (@shared/simulation/validate); the network settings here. Never throws.
 */
import type { ModelDef } from '../models/types';
import { sampleGrid, sampleStride } from '../simulation/grid';
import type { FieldIssue } from '../simulation/types';
import { validateSimulation } from '../simulation/validate';
import { MAX_NEURONS, MAX_NEURON_STEPS, NETWORK_DEFAULTS, NETWORK_MODELS, RECOVERIES, type NetworkModel, type NetworkRequest } from './types';

const isWhole = (x: unknown, lo: number, hi: number): boolean => typeof x === 'number' && Number.isInteger(x) && x >= lo && x <= hi;

/** The model `name` when it has a spiking network, else null. */
export function networkModel(name: string): NetworkModel | null {
  return (NETWORK_MODELS as readonly string[]).includes(name) ? (name as NetworkModel) : null;
}

/** All reasons `req` cannot run as a network of `def` (a built-in template), or []. */
export function validateNetwork(req: NetworkRequest, def: ModelDef): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const model = networkModel(def.name);
  if (model === null || (req as { def?: unknown }).def !== undefined) {
    issues.push({ field: 'model', message: `has no spiking network (the network exists for the templates ${NETWORK_MODELS.join(', ')})` });
    return issues;
  }
  issues.push(...validateSimulation(req, def));
  if (req.solver?.method !== 'euler') {
    issues.push({ field: 'solver.method', message: `must be euler: the network is integrated with forward Euler steps of dt (got ${req.solver?.method})` });
  }
  const net = req.network as Partial<NetworkRequest['network']> | undefined;
  if (typeof net !== 'object' || net === null) {
    issues.push({ field: 'network', message: 'must be an object with neurons and recovery' });
    return issues;
  }
  if (!isWhole(net.neurons, 1, MAX_NEURONS)) {
    issues.push({ field: 'network.neurons', message: `must be a whole number from 1 to ${MAX_NEURONS.toLocaleString('en')} (got ${net.neurons})` });
  }
  if (!(RECOVERIES as readonly unknown[]).includes(net.recovery)) {
    issues.push({ field: 'network.recovery', message: `must be individual or shared (got ${net.recovery})` });
  }
  if (net.seed !== undefined && !isWhole(net.seed, 0, 2 ** 32 - 1)) {
    issues.push({ field: 'network.seed', message: `must be a whole number from 0 to 4294967295 (got ${net.seed})` });
  }
  const defaults = NETWORK_DEFAULTS[model];
  const vPeak = net.vPeak ?? defaults.vPeak;
  if (!Number.isFinite(vPeak) || (model === 'ik_nodim' && !(vPeak > 0))) {
    issues.push({ field: 'network.vPeak', message: `must be a finite number${model === 'ik_nodim' ? ' > 0' : ''} (got ${vPeak})` });
  }
  if (net.vReset !== undefined && model === 'ik_nodim') {
    issues.push({ field: 'network.vReset', message: 'ik_nodim resets by reflection (v := -v at the peak); leave the reset out' });
  } else if (model !== 'ik_nodim') {
    const vReset = net.vReset ?? (defaults.vReset as number);
    if (!Number.isFinite(vReset) || !(vReset < vPeak)) {
      issues.push({ field: 'network.vReset', message: `must be a finite number below the peak (${vPeak}) (got ${vReset})` });
    }
  }
  if (net.rasterNeurons !== undefined && !isWhole(net.rasterNeurons, 0, typeof net.neurons === 'number' ? net.neurons : MAX_NEURONS)) {
    issues.push({ field: 'network.rasterNeurons', message: `must be a whole number from 0 to the number of neurons (got ${net.rasterNeurons})` });
  }
  if (issues.length === 0) {
    const steps = sampleGrid(req.solver).kLast * sampleStride(req.solver);
    if (steps * (net.neurons as number) > MAX_NEURON_STEPS) {
      issues.push({
        field: 'network.neurons',
        message: `the run would take ${(steps * (net.neurons as number)).toExponential(2)} neuron updates, more than ${MAX_NEURON_STEPS.toExponential(0)}; use fewer neurons or a larger dt`,
      });
    }
  }
  return issues;
}
