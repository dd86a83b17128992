/**
 * Warming the collocation kernels before a cycle family is traced. The first factorisations of a
 * fresh thread run before the JavaScript engine has optimised anything, tens of times slower than
 * later ones (the first trace in a thread about twice as long as the next). A thread that has time
 * before its first family (the CLI's engine worker, started while the command loads and traces the
 * branch) runs the same kernels here on a throwaway problem of the same model: Newton steps, a
 * tangent and the Floquet multipliers on a small made-up orbit around the model's initial state.
 * Nothing is kept and no result of a later trace depends on it (it shares only compiled code).
 */
import type { CompiledModel } from '../compiled-model';
import { Corrector } from '../continuation/newton';
import { CycleProblem } from './cycle-problem';
import { DEFAULT_NCOL, DEFAULT_NTST } from './trace-cycles';

/** Each round: a few Newton iterations, a tangent and the multipliers (about five factorisations). */
const ROUND_ITERATIONS = 3;

/**
 * Runs warm-up rounds on `model` (continuation parameter iP, parameter vector `params`) until
 * `stop()` is true (checked between rounds) or `budgetMs` has passed; returns the rounds run.
 */
export function warmCycleKernels(model: CompiledModel, iP: number, params: ArrayLike<number>, stop: () => boolean, budgetMs: number): number {
  const t0 = performance.now();
  const problem = new CycleProblem(model, { ntst: DEFAULT_NTST, ncol: DEFAULT_NCOL, iP, params, periodScale: 1 });
  const { n, nu, dim } = problem;
  const x0 = model.def.states.map((s) => s.initial);
  const values = nu / n;
  const u = new Float64Array(nu);
  for (let m = 0; m < values; m++) {
    const t = (2 * Math.PI * m) / (values - 1);
    for (let i = 0; i < n; i++) u[m * n + i] = x0[i] + 0.1 * (1 + Math.abs(x0[i])) * (i % 2 === 0 ? Math.cos(t) : Math.sin(t));
  }
  const start = new Float64Array(dim);
  problem.fromStates(u, start);
  start[nu] = 1;
  start[nu + 1] = params[iP];
  problem.setReference(start);
  const newton = new Corrector(problem);
  const border = new Float64Array(dim);
  border[dim - 1] = 1;
  const z = new Float64Array(dim);
  const t = new Float64Array(dim);
  let rounds = 0;
  while (!stop() && performance.now() - t0 < budgetMs) {
    z.set(start);
    newton.solve(z, border, start[nu + 1], { tol: 1e-9, maxIter: ROUND_ITERATIONS });
    newton.tangent(start, border, t);
    problem.pointData(start);
    rounds++;
  }
  return rounds;
}
