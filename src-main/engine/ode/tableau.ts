/**
 * Explicit Runge–Kutta methods as data (Butcher tableaux).
 *
 * A method with s stages advances y' = f(y) by one step h as
 *   k_i = f(y + h * sum_{j<i} a[i][j] k_j),   y_new = y + h * sum_i b[i] k_i,
 * with nodes c_i = sum_j a[i][j] (the time offsets of the stages; the models here are autonomous in
 * the state, time entering only through piecewise-constant inputs).
 *
 * Sources: Hairer, Nørsett & Wanner, *Solving Ordinary Differential Equations I*, 2nd ed.,
 * Sections II.1 (classical methods), II.5 (embedded methods, Table 5.2: Dormand–Prince 5(4)) and
 * II.6 (dense output); Dormand & Prince, "A family of embedded Runge–Kutta formulae",
 * J. Comput. Appl. Math. 6 (1980); Shampine, "Some practical Runge–Kutta formulas",
 * Math. Comp. 46 (1986) for the continuous extension of Dormand–Prince 5(4).
 */

export interface ButcherTableau {
  readonly name: string;
  /** Order of the propagated solution (weights `b`). */
  readonly order: number;
  /** Nodes c_i (length s). */
  readonly c: readonly number[];
  /** Strictly lower-triangular coefficients: a[i] has length i (row 0 is empty). */
  readonly a: readonly (readonly number[])[];
  /** Weights of the propagated solution (length s). */
  readonly b: readonly number[];
  /** Embedded weights of order `embeddedOrder`; y_b - y_bHat estimates the local error. */
  readonly bHat?: readonly number[];
  readonly embeddedOrder?: number;
  /**
   * First Same As Last: the last stage is evaluated at the new solution (a[s-1] = b, b[s-1] = 0),
   * so it is the first stage of the next step and costs nothing there.
   */
  readonly fsal: boolean;
}

/** Explicit Euler: order 1 (HNW I, II.1). */
export const EULER: ButcherTableau = {
  name: 'euler',
  order: 1,
  c: [0],
  a: [[]],
  b: [1],
  fsal: false,
};

/** The classical fourth-order Runge–Kutta method (Kutta 1901; HNW I, Table II.1.2 left). */
export const RK4: ButcherTableau = {
  name: 'rk4',
  order: 4,
  c: [0, 1 / 2, 1 / 2, 1],
  a: [[], [1 / 2], [0, 1 / 2], [0, 0, 1]],
  b: [1 / 6, 1 / 3, 1 / 3, 1 / 6],
  fsal: false,
};

/**
 * Dormand–Prince 5(4) (Dormand & Prince 1980; HNW I, Table II.5.2): 7 stages (6 per step thanks
 * to FSAL), fifth-order solution, fourth-order embedded solution for step-size control.
 */
export const DOPRI5: ButcherTableau = {
  name: 'dopri5',
  order: 5,
  c: [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1],
  a: [
    [],
    [1 / 5],
    [3 / 40, 9 / 40],
    [44 / 45, -56 / 15, 32 / 9],
    [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
    [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
    [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
  ],
  b: [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0],
  bHat: [5179 / 57600, 0, 7571 / 16695, 393 / 640, -92097 / 339200, 187 / 2100, 1 / 40],
  embeddedOrder: 4,
  fsal: true,
};

/**
 * Coefficients d_i of Shampine's fourth-order continuous extension of Dormand–Prince 5(4), in the
 * form used by Hairer's DOPRI5 code (HNW I, II.6, eq. (6.12) and the routine CONTD5):
 *
 *   u(theta) = y0 + theta*D + theta*(1-theta)*(h k1 - D)
 *              + theta^2*(1-theta)*(D - h k7 - (h k1 - D))
 *              + theta^2*(1-theta)^2 * h * sum_i d_i k_i,         D = y1 - y0,
 *
 * a C^1 interpolant that matches y0, y1 and the slopes k1 = f(y0), k7 = f(y1) at both ends.
 */
export const DOPRI5_DENSE_D: readonly number[] = [
  -12715105075 / 11282082432,
  0,
  87487479700 / 32700410799,
  -10690763975 / 1880347072,
  701980252875 / 199316789632,
  -1453857185 / 822651844,
  69997945 / 29380423,
];

/**
 * The weights b_i(theta) of the Dormand–Prince dense output, u(theta) = y0 + h sum_i b_i(theta) k_i,
 * written into `out` (length 7). Equivalent to the form documented at DOPRI5_DENSE_D (expand it
 * with D = h sum_i b_i k_i). Used to check the continuous extension's order conditions; the
 * stepper evaluates the cheaper factored form directly.
 */
export function dopri5DenseWeights(theta: number, out: Float64Array | number[]): void {
  const b = DOPRI5.b;
  const d = DOPRI5_DENSE_D;
  const t1 = 1 - theta;
  const last = b.length - 1;
  for (let i = 0; i <= last; i++) {
    const first = i === 0 ? 1 : 0;
    const fsal = i === last ? 1 : 0;
    out[i] = theta * b[i] + theta * t1 * (first - b[i]) + theta * theta * t1 * (2 * b[i] - fsal - first) + theta * theta * t1 * t1 * d[i];
  }
}
