/**
 * Hopf points of ik_nodim in eta at fixed g (I_ext = 0, other parameters at the template defaults),
 * computed without the continuation engine: the steady states form one curve parametrised by r > 0
 * (s = tau_s J r; v from r' = 0; u from u' = 0; eta from v' = 0, all explicit), the Jacobian is
 * written out by hand, and a Hopf point is a zero of the Hurwitz determinant
 * Delta_3 = a1 a2 a3 - a3^2 - a1^2 a4 of the characteristic polynomial
 * lambda^4 + a1 lambda^3 + a2 lambda^2 + a3 lambda + a4 (coefficients by Faddeev–LeVerrier) with
 * omega^2 = a3 / a1 > 0 (a pair +- i omega; a zero with a3 / a1 < 0 is a neutral saddle).
 */
const P = { Delta: 0.02, tau: 1, alpha: 0.6, E_r: 1, b: -0.01, a: 0.008, d: 0.02, tau_s: 2.6, J: 1, I: 0 };

/** The steady state (r, v, u, s) and eta on the curve at r, for coupling g. */
export function steadyStateAt(r: number, g: number): { x: number[]; eta: number } {
  const { Delta, tau, alpha, E_r, b, a, d, tau_s, J, I } = P;
  const s = tau_s * J * r;
  const v = (alpha + g * s * tau - Delta / (Math.PI * tau * r)) / 2;
  const u = b * v + (d * r) / a;
  const eta = -(v * v - alpha * v + I - u + g * s * tau * (E_r - v) - (Math.PI * tau * r) ** 2);
  return { x: [r, v, u, s], eta };
}

function jacobian([r, v, , s]: number[], g: number): number[][] {
  const { tau, alpha, E_r, b, a, d, tau_s, J } = P;
  const k = 2 * v - alpha - g * s * tau;
  return [
    [k / tau, (2 * r) / tau, 0, -r * g],
    [(-2 * Math.PI ** 2 * tau * tau * r) / tau, k / tau, -1 / tau, (g * tau * (E_r - v)) / tau],
    [d, a * b, -a, 0],
    [J, 0, 0, -1 / tau_s],
  ];
}

/** a1..a4 of the characteristic polynomial of the 4 x 4 matrix A (Faddeev–LeVerrier). */
function charPoly(A: number[][]): number[] {
  const n = 4;
  let M = A.map((row) => row.map(() => 0));
  const c: number[] = [];
  let prev = 1;
  for (let k = 1; k <= n; k++) {
    // M_k = A M_{k-1} + c_{k-1} I, c_k = -tr(A M_k) / k.
    const AM = A.map((row, i) => row.map((_, j) => row.reduce((acc, aij, l) => acc + aij * M[l][j], 0) + (i === j ? prev : 0)));
    M = AM;
    const AMk = A.map((row, i) => row.reduce((acc, aij, l) => acc + aij * M[l][i], 0));
    prev = -AMk.reduce((x, y) => x + y, 0) / k;
    c.push(prev);
  }
  return c;
}

function hurwitz(r: number, g: number): { d3: number; omega2: number } {
  const [a1, a2, a3, a4] = charPoly(jacobian(steadyStateAt(r, g).x, g));
  return { d3: a1 * a2 * a3 - a3 * a3 - a1 * a1 * a4, omega2: a3 / a1 };
}

/** All Hopf points on the curve with eta in [lo, hi]: eta, omega and the state, by bisection in log r. */
export function hopfPoints(g: number, lo: number, hi: number): { eta: number; omega: number; x: number[] }[] {
  const out: { eta: number; omega: number; x: number[] }[] = [];
  const N = 4000;
  const rOf = (i: number) => Math.exp(Math.log(1e-5) + (i / N) * (Math.log(50) - Math.log(1e-5)));
  let ra = rOf(0);
  let fa = hurwitz(ra, g).d3;
  for (let i = 1; i <= N; i++) {
    const rb = rOf(i);
    const fb = hurwitz(rb, g).d3;
    if (fa < 0 !== fb < 0) {
      let l = ra;
      let h = rb;
      let fl = fa;
      for (let it = 0; it < 200 && h - l > 1e-16 * h; it++) {
        const m = 0.5 * (l + h);
        const fm = hurwitz(m, g).d3;
        if (fm < 0 === fl < 0) {
          l = m;
          fl = fm;
        } else h = m;
      }
      const r = 0.5 * (l + h);
      const { omega2 } = hurwitz(r, g);
      const ss = steadyStateAt(r, g);
      if (omega2 > 0 && ss.eta >= lo && ss.eta <= hi) out.push({ eta: ss.eta, omega: Math.sqrt(omega2), x: ss.x });
    }
    ra = rb;
    fa = fb;
  }
  return out.sort((p, q) => p.eta - q.eta);
}
