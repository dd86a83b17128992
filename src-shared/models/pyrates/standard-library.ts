/**
 * PyRates' standard building blocks, for files that refer to them by PyRates' package name
 * (`model_templates.base_templates.alpha_op`) but come without PyRates' `model_templates` folder:
 * in PyRates such a reference resolves to the installed package, so users' own files often rely on
 * it. A file found in the user's folder tree always takes precedence; only when none is found is
 * the reference resolved here. The operators have PyRates' names, variables, defaults and equation
 * text (replace: edits in users' files act on that text), written out in this file.
 */

/** Where a reference to the standard library appears to come from, in messages. */
export const STANDARD_PREFIX = 'PyRates standard library:';

const BASE_TEMPLATES = `%YAML 1.2
---
# Leaky integrator: r relaxes to r0 with time constant tau, driven by m_in.
li_op:
  base: OperatorTemplate
  equations: "r' = (r0 - r)/tau + m_in"
  variables:
    r: output(0.0)
    r0: 0.0
    tau: 1.0
    m_in: input(0.0)

# Logistic potential-to-rate conversion with maximum m_max, slope s and threshold r_thr.
sigmoid_op:
  base: OperatorTemplate
  equations: "m = m_max / (1 + exp(s*(r_thr-r)))"
  variables:
    m: output(0.0)
    m_max: 1.0
    s: 1.0
    r_thr: 0.0
    r: input(0.0)

# Convolution with a single exponential kernel of time constant tau.
monoexp_op:
  base: OperatorTemplate
  equations: "V' = -V/tau + r_in"
  variables:
    V: output(0.0)
    tau: 1.0
    r_in: input(0.0)

# Convolution with a rise-and-decay kernel (time constants tau_r, tau_d), as two first-order equations.
biexp_op:
  base: OperatorTemplate
  equations:
    - "V' = X"
    - "X' = (r_in - X*(tau_r+tau_d) - V)/(tau_r*tau_d)"
  variables:
    V: output(0.0)
    X: variable(0.0)
    tau_r: 1.0
    tau_d: 10.0
    r_in: input(0.0)

# Convolution with the alpha kernel t/tau^2 exp(-t/tau), as two first-order equations.
alpha_op:
  base: OperatorTemplate
  equations:
    - "V' = X"
    - "X' = r_in - 2*X/tau - V/tau**2"
  variables:
    V: output(0.0)
    X: variable(0.0)
    tau: 1.0
    r_in: input(0.0)

li_node:
  base: NodeTemplate
  operators:
    - li_op

sigmoid_node:
  base: NodeTemplate
  operators:
    - sigmoid_op

nonlinear_li_node:
  base: NodeTemplate
  operators:
    - li_op
    - sigmoid_op
`;

/** Files of the standard library by their path inside PyRates' package, without extension. */
const FILES: Readonly<Record<string, string>> = { 'model_templates/base_templates': BASE_TEMPLATES };

/** The path under which the standard file for `rel` (e.g. `model_templates/base_templates`) is read, or undefined. */
export function standardPath(rel: string): string | undefined {
  return Object.hasOwn(FILES, rel) ? `${STANDARD_PREFIX}${rel}.yaml` : undefined;
}

/** The text of a standard file by its standardPath, or undefined. */
export function standardText(path: string): string | undefined {
  if (!path.startsWith(STANDARD_PREFIX) || !path.endsWith('.yaml')) return undefined;
  const rel = path.slice(STANDARD_PREFIX.length, -'.yaml'.length);
  return Object.hasOwn(FILES, rel) ? FILES[rel] : undefined;
}
