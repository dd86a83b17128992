/** Help texts of the `meanfield` command. */

export const GENERAL_HELP = `meanfield: simulate neural mean-field models from the command line (MeanField Studio)

Usage:
  meanfield simulate --model NAME --t-end T --dt DT [options]   run a simulation, print CSV or JSON
  meanfield models                                              list the models with their parameters
  meanfield help [simulate|models]                              show help

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
  --t-end T                         end time T > 0 (model time units)
  --dt DT                           step size of euler/rk4; initial step of dopri5

Model settings (unnamed symbols keep the model's defaults):
  --set NAME=VALUE                  set a parameter (repeatable), e.g. --set g=1.5
  --init VAR=VALUE                  set an initial value (repeatable), e.g. --init r=0.1
  --input NAME=BASELINE             constant value of an input, e.g. --input I_ext=0.15
  --window NAME:START:STOP=VALUE    the input takes VALUE for START <= t < STOP (repeatable;
                                    later windows win where they overlap), e.g. I_ext:400:600=0

Solver:
  --method euler|rk4|dopri5         integration method (default rk4)
  --sample S                        output sampling interval, S >= DT (default DT)
  --rtol R, --atol A                dopri5 tolerances (default 1e-3 and 1e-6, as scipy's RK45)

Output:
  --format csv|json                 output format (default csv)
  --out FILE                        write to FILE instead of standard output

A run that blows up prints the data computed so far, the reason on standard error, and exits 1.
Ctrl+C stops the run, prints the data computed so far and exits 130.
`;

export const MODELS_HELP = `Usage: meanfield models

Lists the built-in model templates with their state variables (and initial values), parameters
(defaults, units, descriptions), inputs and equations.
`;
