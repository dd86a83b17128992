/**
 * The built-in templates as a PyRates model file (the syntax of PyRates' model_templates/
 * neural_mass_models/ik.yaml): three operators (ik_theta_op takes the variables of ik_eta_op, its
 * base, with its own equations), a one-operator node for each, and three circuits with the
 * self-connection r -> r_in of weight 1. ../templates.ts imports this text with the
 * PyRates importer and adds display metadata, so built-in and user models go through one path.
 * Kept as a TS string (not a `.yaml?raw` import) so that every tool that runs the sources (vite,
 * vitest, tsc and tsx for scripts) reads it alike.
 */
export const IK_YAML = String.raw`%YAML 1.2
---
# Izhikevich mean-field models (Chen & Campbell 2022; Gast, Solla & Kennedy 2022).

ik_nodim_op:
  base: OperatorTemplate
  description: "Dimensionless Izhikevich population with adaptation and Lorentzian excitabilities."
  equations:
    - "r' = (Delta/(pi*tau) + r*(2.0*v - alpha - g*s*tau)) / tau"
    - "v' = (v^2 - alpha*v + eta + I_ext - u + g*s*tau*(E_r - v) - (pi*tau*r)^2) / tau"
    - "u' = a*(b*v - u) + d*r"
    - "s' = -s/tau_s + r_in"
  variables:
    r: output(0.0)
    v: variable(0.0)
    u: variable(0.0)
    s: variable(0.0)
    Delta: 0.02
    tau: 1.0
    eta: 0.0
    alpha: 0.6
    g: 0.5
    E_r: 1.0
    b: -0.01
    a: 0.008
    d: 0.02
    tau_s: 2.6
    I_ext: input(0.0)
    r_in: input(0.0)

ik_eta_op:
  base: OperatorTemplate
  description: "Biophysical Izhikevich population with Lorentzian background currents."
  equations:
    - "r' = (Delta*k^2/(pi*C) + r*(k*(2.0*v - v_r - v_t) - g*s)) / C"
    - "v' = (k*v*(v - v_r - v_t) + k*v_r*v_t + I_ext + eta - u + g*s*(E_r - v) - (pi*C*r)^2/k) / C"
    - "u' = a*(b*(v-v_r) - u) + d*r"
    - "s' = -s/tau_s + r_in"
  variables:
    r: output(0.0)
    v: variable(-60.0)
    u: variable(0.0)
    s: variable(0.0)
    Delta: 0.02
    eta: 0.0
    k: 1.0
    C: 100.0
    v_r: -70.0
    v_t: -40.0
    g: 0.5
    E_r: 0.0
    b: -0.01
    a: 0.008
    d: 10.0
    tau_s: 5.0
    I_ext: input(0.0)
    r_in: input(0.0)

ik_theta_op:
  base: ik_eta_op
  description: "Biophysical Izhikevich population with Lorentzian spike thresholds."
  equations:
    - "r' = (Delta*k^2*(v-v_r)/(pi*C) + r*(k*(2.0*v - v_r - v_t) - g*s)) / C"
    - "v' = (k*v*(v - v_r - v_t) + k*v_r*v_t + I_ext + eta - u + g*s*(E_r - v) - pi*C*r*(Delta + pi*C*r/k)) / C"
    - "u' = a*(b*(v-v_r) - u) + d*r"
    - "s' = -s/tau_s + r_in"

ik_nodim_pop:
  base: NodeTemplate
  operators:
    - ik_nodim_op

ik_eta_pop:
  base: NodeTemplate
  operators:
    - ik_eta_op

ik_theta_pop:
  base: NodeTemplate
  operators:
    - ik_theta_op

ik_nodim:
  base: CircuitTemplate
  nodes:
    p: ik_nodim_pop
  edges:
    - [p/ik_nodim_op/r, p/ik_nodim_op/r_in, null, {weight: 1.0}]

ik_eta:
  base: CircuitTemplate
  nodes:
    p: ik_eta_pop
  edges:
    - [p/ik_eta_op/r, p/ik_eta_op/r_in, null, {weight: 1.0}]

ik_theta:
  base: CircuitTemplate
  nodes:
    p: ik_theta_pop
  edges:
    - [p/ik_theta_op/r, p/ik_theta_op/r_in, null, {weight: 1.0}]
`;
