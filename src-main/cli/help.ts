/** Help texts of the `meanfield` command. */
import { CYCLE_MESH_LIMITS } from '@shared/cycles/types';
import { DEFAULT_NCOL, DEFAULT_NTST } from '../engine/cycles/trace-cycles';

export const GENERAL_HELP = `meanfield: simulate neural mean-field models from the command line (MeanField Studio)

Usage:
  meanfield simulate --model NAME --t-end T --dt DT [options]   run a simulation, print CSV or JSON
  meanfield continue --model NAME --param P --from A --to B     trace steady states as P varies (JSON or CSV);
                                                                --curves Q:A:B adds their fold and Hopf curves in (P, Q),
                                                                --cycles the limit cycles born at their Hopf points
  meanfield network --model NAME --t-end T --dt DT --neurons N  simulate the spiking network behind the model
  meanfield export --model NAME [--format pyrates|json]         write a model as a PyRates YAML or model JSON file
  meanfield run FILE.mfproj [--out DIR]                         re-compute a project's runs, branches, curves, cycles
  meanfield validate FILE.mfproj                                check a project file, print its errors
  meanfield models                                              list the models with their parameters
  meanfield help [simulate|continue|network|export|run|validate|models] show help

simulate, continue and export take --model-file FILE for a model of your own: a model JSON file
(as 'meanfield export --format json' writes) or a PyRates .yaml file (--model NAME picks the circuit).

Example (a named scenario: bursting of the ik_theta population with strong adaptation):
  meanfield simulate --model ik_theta --scenario strong-adaptation > bursting.csv

Example (the PyRates Izhikevich example, g = 1.5):
  meanfield simulate --model ik_nodim --set g=1.5 --input I_ext=0.15 --window I_ext:400:600=0 \\
    --t-end 1000 --dt 5e-4 --sample 0.01 --method rk4 > ik_nodim-g1.5.csv

Exit codes: 0 success, 1 the run blew up (partial data printed), 2 bad arguments, 130 interrupted.
`;

export const SIMULATE_HELP = `Usage: meanfield simulate --model NAME --t-end T --dt DT [options]

Integrates the model from t = 0 to T and prints the samples: CSV (header t,<state variables>) by
default, or JSON with the settings used and run statistics. Numbers are printed at full precision.

Required:
  --model NAME                      model template (see 'meanfield models'), e.g. ik_nodim
  --model-file FILE                 the model from a file: a model JSON file (as 'meanfield
                                    export --format json' writes; --model may be left out) or a
                                    PyRates .yaml/.yml file (--model NAME picks its circuit
                                    template; optional when the file holds one)
  --t-end T                         end time T > 0 (model time units; optional with --scenario)
  --dt DT                           step size of euler/rk4; initial step of dopri5/rodas4/auto
                                    (optional with --scenario: 5e-4). Window edges need not be
                                    multiples of DT: a step holding an edge is split there, so
                                    every method switches the input exactly at the edge

Model settings (unnamed symbols keep the model's defaults):
  --scenario NAME                   start from a named scenario of the model (its parameters,
                                    inputs and T; see 'meanfield models'); the options below win
  --set NAME=VALUE                  set a parameter (repeatable), e.g. --set g=1.5
  --init VAR=VALUE                  set an initial value (repeatable), e.g. --init r=0.1
  --input NAME=BASELINE             constant value of an input, e.g. --input I_ext=0.15
  --window NAME:START:STOP=VALUE    the input takes VALUE for START <= t < STOP (repeatable;
                                    later windows win where they overlap), e.g. I_ext:400:600=0;
                                    the edges are exact times (not moved to the step grid), so a
                                    window shorter than DT still acts in full

Solver:
  --method METHOD                   integration method (default rk4):
                                      euler   fixed step DT, first order
                                      rk4     fixed step DT, fourth order
                                      dopri5  adaptive Dormand-Prince 5(4), non-stiff problems
                                      rodas4  adaptive Rosenbrock 4(3) with the exact Jacobian,
                                              stiff problems (e.g. very small tau)
                                      auto    dopri5, switching to rodas4 where the problem is
                                              stiff and back (the run message says where)
  --sample S                        output sampling interval, S >= DT (default DT)
  --rtol R, --atol A                tolerances of dopri5/rodas4/auto (default 1e-3 and 1e-6,
                                    as scipy's RK45)

Output:
  --format csv|json                 output format (default csv)
  --out FILE                        write to FILE instead of standard output (see below)

Warnings (on standard error; the run goes ahead): a window that starts after the end of the run,
--rtol/--atol with a fixed-step method, a run of more than 1e9 steps (with an estimate of its time).

--out replaces a regular file atomically (a temporary file next to it, then a rename), follows a
symbolic link to the file it points to, and writes directly to anything else (a FIFO, /dev/stdout,
/dev/null, a shell's >(cmd)); it never replaces what is not a regular file.

A run that blows up prints the data computed so far, the reason on standard error, and exits 1.
Ctrl+C stops the run, prints the data computed so far and exits 130.
`;

export const MODELS_HELP = `Usage: meanfield models

Lists the built-in model templates with their state variables (and initial values), parameters
(defaults, units, descriptions), inputs, equations and named scenarios (for --scenario NAME: a
parameter set and input from the literature, what it shows and its source).
`;

export const CONTINUE_HELP = `Usage: meanfield continue --model NAME --param P --from A --to B [options]

Traces the branch of steady states as the parameter (or input) P varies over [A, B], starting from
the steady state at the given settings (P's own value must lie in [A, B]), with the stability of
every point and the fold (LP), Hopf (HB) and branch (BP) points located on it.

Required:
  --model NAME              model template (see 'meanfield models'), e.g. ik_nodim
  --model-file FILE         the model from a model JSON or PyRates .yaml file (as 'meanfield
                            simulate'; --model then names the file's model or circuit)
  --param P                 any parameter or input of the model, e.g. g, eta or I_ext
  --from A, --to B          the range of P (A < B); the branch stops at its ends

Model settings (unnamed symbols keep the model's defaults):
  --scenario NAME           start from a named scenario's parameters and input baselines
                            (see 'meanfield models'); the options below win
  --set NAME=VALUE          set a parameter (repeatable), e.g. --set g=0.5
  --input NAME=VALUE        constant value of an input, e.g. --input I_ext=0.15
  --init VAR=VALUE          starting guess for the steady state (repeatable), e.g. --init r=0.03

Continuation:
  --max-points N            most points in each direction from the start (default 2000)
  --ds-max S                largest step along the branch (default: the width of the range / 200)
  --at P=V                  user point: locate the branch exactly at P = V (P the --param; repeatable),
                            listed among the special points as UZ1, UZ2, ... (on curves and cycles too)

Two-parameter curves:
  --curves Q:A:B            from every fold (LP) and Hopf (HB) point of the branch, continue its
                            fold or Hopf curve in the plane (P, Q): Q is a second parameter or input
                            (its current value must lie in [A, B]), P stays within --from/--to;
                            repeatable, one Q each (e.g. --curves eta:-1:1 --curves Delta:0.01:0.1).
                            Codimension-two points found on the curves are listed as BT (Bogdanov-
                            Takens), CP (cusp), GH (generalised Hopf), ZH (zero-Hopf), HH (double
                            Hopf), with their normal-form coefficients where computed. Two LP or
                            HB points on one curve each give it (traced from each).

Limit cycles:
  --cycles                  from every Hopf (HB) point of the branch, continue the family of periodic
                            orbits born there in P (within --from/--to), by orthogonal collocation,
                            with the Floquet multipliers and the stability of every orbit; found on
                            the way: LPC (fold of cycles), PD (period doubling), NS (torus), BP, and
                            the --at user points (UZ). A family ends back at a Hopf point (reason
                            hopf), at a bound, after --max-points points, or where its period grows
                            without bound (reason period: a homoclinic orbit is near). A family that
                            ends at another HB of the branch is listed once (from the first HB).
  Advanced (the defaults suit most models):
  --ntst N                  mesh intervals over one period (default ${DEFAULT_NTST}, ${CYCLE_MESH_LIMITS.ntst[0]}..${CYCLE_MESH_LIMITS.ntst[1]}); more resolve
                            sharper orbits (bursts, spikes) at a cost growing linearly with N;
                            where the trivial multiplier is off by more than 0.05, a warning names
                            the orbits and special points the mesh does not resolve
  --ncol N                  collocation points per mesh interval (default ${DEFAULT_NCOL}, ${CYCLE_MESH_LIMITS.ncol[0]}..${CYCLE_MESH_LIMITS.ncol[1]}): the degree of the
                            polynomial on each interval

Output:
  --format json|csv         output format (default json)
  --out FILE                write to FILE instead of standard output (as 'meanfield simulate')

JSON: { model, param, settings, status, message, stats, branches: [ { points: [ { p, state, stable,
eigenvalues: [[re, im], ...] } ], special: [ { type, label, p, state, eigenvalues, omega, period, l1,
criticality, converged, index, description } ], ends, startIndex } ] }. l1 is the first Lyapunov
coefficient (negative: supercritical) in Kuznetsov's and MatCont's normalisation (critical eigenvector
q with q^H q = 1 in the model's own variables, p^H q = 1): it does not depend on the parameter traced,
but rescaling a variable rescales it (only its sign is scale-free).
CSV: two '#' comment lines (the model and parameter; why each end stopped), then the header
  type,p,<states>,stable,ev1_re,ev1_im,...,evN_re,evN_im,omega,period,l1,criticality,converged
and one row per point along the branch, the special points inserted in order among them: type is
empty for a regular point, EP for the two end points, HB1, LP1, BP1, ... for a special point;
stable is 1 or 0 (empty at special points); omega, period, l1, criticality (Hopf points) and
converged (special points) are empty elsewhere. Every row has the same fields (pandas:
read_csv(file, comment='#')).

With --curves, the JSON gains the top-level field curves: [ { type: fold|hopf, from (the start
point's label, e.g. HB1), params: [P, Q], bounds, status, message, points: [ { params: {P, Q},
state, kappa, omega } ], special: [ { type, label, params: {P, Q}, state, kappa, omega,
coefficients: {name: value}, converged, index } ], ends, startIndex } ] (kappa = omega^2 and omega
on Hopf curves; a curve that cannot be started has status noStart, its reason and no points), and
--format csv writes the curves instead of the branch: '#' lines (per curve its plane, size and
ends), then the header
  curve,kind,type,<P>,<Q>...,<states>,kappa,omega,converged,<coefficients>...
and one row per point, curve after curve (curve is <start label>/<Q>, e.g. HB1/eta; kind fold or
hopf; type empty, EP or the special point's label; one column per --curves parameter, holding
the value it is kept at on the other curves; converged and coefficients at special points only).

With --cycles, each branch of the list gains kind: equilibrium or cycle, and the cycle branches
follow the equilibrium branch: { kind: cycle, from (the Hopf point's label, e.g. HB1), param,
status, message, stats, mesh: { ntst, ncol }, points: [ { p, period, stable, multipliers: [[re, im],
...] (one per state; the trivial one, near 1, first), trivialError (|trivial multiplier - 1|, the
mesh's self-check), min: { state: value }, max, start (a state on the orbit, at phase 0) } ],
special: [ { type: LPC|PD|NS|BP|UZ, label, the point's fields, info (PD: the multiplier; NS: its
angle), converged, index } ], ends: [ { reason: hopf, p, message } (where it is born), { reason,
message, p (reason hopf) } ], startIndex: 0 }; a family that cannot be started has status noStart,
its reason, no points and ends null. --format csv writes the cycles instead of the branch: '#'
lines (per family its Hopf point, size and end), then the header
  branch,type,p,period,stable,min_<state>...,max_<state>...,mu1_re,mu1_im,...,muN_re,muN_im,trivial_error,converged
and one row per orbit, family after family (branch is the Hopf point's label; type empty, EP or
the special point's label, e.g. LPC1; converged at special points only).

Examples (the Hopf points of the Izhikevich model in g; their Hopf curves in (g, eta); the limit
cycles between them):
  meanfield continue --model ik_nodim --param g --from 0 --to 3 --input I_ext=0.15
  meanfield continue --model ik_nodim --param g --from 0 --to 3 --input I_ext=0.15 --curves eta:-1:1
  meanfield continue --model ik_nodim --param g --from 0 --to 3 --input I_ext=0.15 --cycles

Ctrl+C stops the trace, writes the branch traced so far and exits 130 (the reason on standard error);
during the curves or cycles, it writes the branch and the curves or cycles traced so far (the one
being traced cut short).

Exit codes: 0 success (a note on standard error if the branch or a curve stopped before a bound, or a
curve could not be started), 1 no steady
state found at the start (the reason on standard error), 2 bad arguments, 130 interrupted.
`;

export const RUN_HELP = `Usage: meanfield run FILE.mfproj [--out DIR]

Opens a MeanField Studio project (checked as the app checks it), re-computes every simulation run,
every continuation branch, every fold or Hopf curve and every family of limit cycles stored in it
with the same engine, and writes into DIR:
  run-<id>.csv       the re-computed samples (header t,<state variables>), one file per run
  branch-<id>.csv    the re-computed branch (as 'meanfield continue --format csv'), one per branch
  curve-<id>.csv     the re-computed curve (as 'meanfield continue --curves --format csv'), one per curve
  cycles-<id>.csv    the re-traced family (as 'meanfield continue --cycles --format csv'), one per family
  summary.json       per run/branch/curve/family: status, size, max |new - stored|, tolerance, matches
DIR defaults to <FILE without .mfproj>-rerun next to the file.

A run of the spiking network is re-run as that network (same neurons, recovery, quantiles or seed),
which repeats its numbers exactly; its r, v, u and s are compared (not its spike raster).

A run, branch or curve of the project's own model is re-computed with the definition it was made with
(shown as name #hash): after the model was edited, its older results keep their earlier definition.

For each run, branch, curve and family it prints whether the new result matches the stored one: same
status and length (same special points for a branch, curve or family) and, in every column (for a
family: the parameter, the period and each state's min and max over the orbit), max |new - stored|
<= 1e-9 * (1 + max |stored column|).

Example:
  meanfield run examples/pyrates-izhikevich.mfproj --out /tmp/ik-rerun

Exit codes: 0 all results match, 1 any differs or the file cannot be opened (errors on standard
error, one per line as path: message), 2 bad arguments.
`;

export const VALIDATE_HELP = `Usage: meanfield validate FILE.mfproj

Checks a project file exactly as the app does when opening it (size limit, JSON, format version,
every field, the model's equations, the consistency of stored results) and prints the problems one
per line as 'path: message' (e.g. runs[1].request.solver.dt: must be > 0) on standard error.
Warnings (unknown fields dropped, an older format migrated) are printed as 'warning: ...'.

Exit codes: 0 the file opens, 1 it does not, 2 bad arguments.
`;

export const EXPORT_HELP = `Usage: meanfield export --model NAME [--model-file FILE] [--format pyrates|json] [--out FILE]

Writes a model: a built-in template (--model NAME) or the model of a file (--model-file FILE, as
for 'meanfield simulate'), to standard output or --out FILE ('--out -' is standard output).

  --format pyrates   (default) a PyRates YAML file in the flattened form PyRates' own to_yaml
                     writes: one operator (the definitions as algebraic equations in dependency
                     order, one ODE per state; the first state is its output, parameters are float
                     constants, inputs input(default)), a node and the circuit NAME with node p and
                     no edges. Load it in PyRates with CircuitTemplate.from_yaml("FILE/NAME")
                     (FILE without .yaml). Function names are PyRates' (abs -> absv, atan ->
                     arctan, min/max -> mini/maxi), numbers read back as the same doubles.
                     Descriptions, units and parameter domains become YAML comments.
                     Names PyRates refuses (t, y, dy, pi, I, E, source_idx, target_idx, beta,
                     gamma, ..., names containing _buffer, _delays, _maxdelay, _idx or _hist, Python
                     keywords) are refused with the symbol named: rename it first.
  --format json      the model as MeanField Studio stores it (names, LaTeX, descriptions, units,
                     domains, equations), read back by --model-file FILE.json.

--out is written as by 'meanfield simulate' (a regular file replaced atomically, never anything
else replaced).

Examples:
  meanfield export --model ik_nodim --out ik_nodim.yaml
  meanfield export --model ik_theta --format json --out my_theta.json
  meanfield simulate --model-file my_theta.json --t-end 100 --dt 0.01

Exit codes: 0 success, 1 the output cannot be written, 2 bad arguments or a model that cannot be
exported (the symbol named).
`;

export const NETWORK_HELP = `Usage: meanfield network --model NAME --t-end T --dt DT --neurons N [options]

Simulates the spiking network the mean-field model describes: N Izhikevich neurons with the
template's single-neuron equations, all-to-all through the synaptic variable s, with the
heterogeneity the mean field assumes drawn from its Lorentzian distribution (ik_nodim, ik_eta: the
background currents eta_j; ik_theta: the spike thresholds). Forward Euler steps of DT; the same
parameters, inputs and windows as 'meanfield simulate'. Prints CSV with the header t,r,v,u,s (or
JSON with the settings, run statistics and, with --raster, spike times):
  r  population rate: spikes per neuron per unit time, averaged over each sample interval
  v  mean membrane potential of the neurons between the reset and the peak (those mid-spike,
     above the peak or just reset beyond it, are left out; at a step where all are, as with a
     single neuron just reflected, the value of the step before)
  u  mean recovery variable;  s  synaptic variable

Required:
  --model NAME                      ik_nodim, ik_eta or ik_theta
  --t-end T                         end time T > 0 (optional with --scenario)
  --dt DT                           Euler step (e.g. 1e-3 for ik_nodim, 1e-2 ms for ik_eta/ik_theta)
  --neurons N                       number of neurons (e.g. 10000)

Model settings (as for 'meanfield simulate'; unnamed symbols keep the model's defaults):
  --scenario NAME, --set NAME=VALUE, --input NAME=BASELINE, --window NAME:START:STOP=VALUE
  --init VAR=VALUE                  initial v, u and s of every neuron (r is not used)

Network:
  --recovery individual|shared      individual (default): each neuron has its own u, jumping by d
                                    at its spikes (the real network); shared: one u for all,
                                    u' = a (b (<v> - v_r) - u) + d r, the assumption under which
                                    the mean field is exact for large N
  --seed S                          draw the heterogeneity at random with seed S (0 to 4294967295);
                                    default: the deterministic quantiles
                                    x_j = centre + width tan(pi/2 (2j - N - 1)/(N + 1))
  --v-peak V                        spike peak (default 200 for ik_nodim, 1000 mV otherwise)
  --v-reset V                       reset potential of ik_eta/ik_theta (default -1000 mV);
                                    ik_nodim resets by reflection, v := -v
  --raster M                        record the spike times of M neurons spread evenly over the
                                    population, ordered by excitability (--format json only)
  --threads K                       worker threads (default: the number of cores, at most 8); the
                                    numbers do not depend on K

Output:
  --sample S                        output sampling interval, a multiple of DT (default DT)
  --format csv|json                 output format (default csv)
  --out FILE                        write to FILE instead of standard output (atomically)

Example (the network behind the PyRates example at g = 1.5, shared recovery):
  meanfield network --model ik_nodim --set g=1.5 --input I_ext=0.15 --window I_ext:400:600=0 \\
    --t-end 1000 --dt 1e-3 --sample 0.1 --neurons 10000 --recovery shared > network.csv

A run that blows up prints the data computed so far, the reason on standard error, and exits 1.
Ctrl+C stops the run, prints the data computed so far and exits 130.
`;
