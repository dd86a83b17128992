/* Speed reference for the spiking network behind ik_nodim (the engine's src-main/engine/network):
 * N dimensionless Izhikevich neurons, all-to-all through one synaptic variable s, forward Euler,
 * one thread. The seed scenario at g = 1.5: PyRates defaults, I_ext = 0.15 except 0 for
 * 400 <= t < 600 (by step index), eta_j the Lorentzian quantiles eta + Delta tan(pi/2 (2j-N-1)/(N+1)),
 * v_j = u_j = s = 0 at t = 0, reflection reset v := -v at v >= 200, r box-averaged over 0.1.
 *
 * Per step and neuron, as the engine: spike test and reset, sums for <v> (|v| <= 200), mean u and
 * the spike count, then the Euler update from the values after the reset; s (and a shared u) from
 * the sums.
 *
 * Build: cc -O2 -march=native -o ik_network ik_nodim_network.c -lm
 * Usage: ./ik_network [N] [T] [individual|shared] [reps]   (defaults 10000 100 individual 3)
 * Prints each repetition's wall time (CLOCK_MONOTONIC) and processor time (CLOCK_PROCESS_CPUTIME_ID,
 * which a busy machine disturbs less), their medians in ns per neuron-step, and a checksum line (total spikes, mean r) to compare with the engine's numbers.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const double Delta = 0.02, tau = 1.0, eta = 0.0, alpha = 0.6, g = 1.5, E_r = 1.0, b = -0.01, a = 0.008,
                    d = 0.02, tau_s = 2.6, J = 1.0, dt = 1e-3, v_peak = 200.0;

static double clock_s(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static int cmp(const void *x, const void *y) {
    double p = *(const double *)x, q = *(const double *)y;
    return (p > q) - (p < q);
}

/* One run; returns the total spike count. r_out gets the box-averaged rate every 100 steps. */
static double run(int n, long steps, int shared, double *V, double *U, const double *Bj, const double *Hj, double *r_out) {
    const double k = 1.0, vr = 0.0, C = tau, G = g * tau, dtC = dt / C, dtA = dt * a;
    double s = 0.0, u_sh = 0.0, total = 0.0, interval = 0.0;
    for (int j = 0; j < n; j++) V[j] = U[j] = 0.0;
    long sample = 0;
    for (long i = 0; i <= steps; i++) {
        const double I = (i >= 400000L && i < 600000L) ? 0.0 : 0.15;
        const double gs = G * s, drive = I + gs * E_r - (shared ? u_sh : 0.0);
        double spikes = 0.0, sum_in = 0.0, n_in = 0.0, sum_u = 0.0;
        if (shared) {
            for (int j = 0; j < n; j++) {
                double v = V[j];
                if (v >= v_peak) { v = -v; spikes += 1.0; }
                if (v >= -v_peak && v <= v_peak) { sum_in += v; n_in += 1.0; }
                V[j] = v + dtC * (k * v * v - (Bj[j] + gs) * v + Hj[j] + drive);
            }
        } else {
            for (int j = 0; j < n; j++) {
                double v = V[j], u = U[j];
                if (v >= v_peak) { v = -v; u += d; spikes += 1.0; }
                if (v >= -v_peak && v <= v_peak) { sum_in += v; n_in += 1.0; }
                sum_u += u;
                V[j] = v + dtC * (k * v * v - (Bj[j] + gs) * v + Hj[j] + drive - u);
                U[j] = u + dtA * (b * (v - vr) - u);
            }
        }
        interval += spikes;
        total += spikes;
        if (i % 100 == 0) { r_out[sample++] = interval / (n * 0.1); interval = 0.0; }
        const double rate = spikes / n;
        s += dt * (-s / tau_s) + J * rate;
        if (shared) u_sh += dt * a * (b * (sum_in / n_in - vr) - u_sh) + d * rate;
        (void)sum_u;
    }
    return total;
}

int main(int argc, char **argv) {
    const int n = argc > 1 ? atoi(argv[1]) : 10000;
    const double T = argc > 2 ? atof(argv[2]) : 100.0;
    const int shared = argc > 3 && strcmp(argv[3], "shared") == 0;
    const int reps = argc > 4 ? atoi(argv[4]) : 3;
    const long steps = lround(T / dt);
    double *V = malloc(n * sizeof *V), *U = malloc(n * sizeof *U), *Bj = malloc(n * sizeof *Bj), *Hj = malloc(n * sizeof *Hj);
    double *r = malloc((steps / 100 + 2) * sizeof *r), *times = malloc(reps * sizeof *times), *cpu = malloc(reps * sizeof *cpu);
    for (int j = 0; j < n; j++) {
        const double x = eta + Delta * tan(M_PI / 2 * (2.0 * (j + 1) - n - 1) / (n + 1));
        Bj[j] = 1.0 * (0.0 + alpha);
        Hj[j] = 1.0 * 0.0 * alpha + x;
    }
    double total = 0.0;
    for (int q = 0; q < reps; q++) {
        const double t0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
        total = run(n, steps, shared, V, U, Bj, Hj, r);
        times[q] = clock_s(CLOCK_MONOTONIC) - t0;
        cpu[q] = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
        printf("rep %d: %.3f s (cpu %.3f s)\n", q + 1, times[q], cpu[q]);
    }
    qsort(times, reps, sizeof *times, cmp);
    qsort(cpu, reps, sizeof *cpu, cmp);
    const double med = times[reps / 2], cmed = cpu[reps / 2], work = (double)n * (steps + 1);
    printf("network median: %.6f s, %.3f ns/neuron-step (N = %d, %ld steps, %s recovery)\n", med, 1e9 * med / work, n, steps, shared ? "shared" : "individual");
    printf("cpu median: %.6f s, %.3f ns/neuron-step\n", cmed, 1e9 * cmed / work);
    printf("spikes %.0f, mean r %.6f\n", total, total / n / T);
    free(V); free(U); free(Bj); free(Hj); free(r); free(times); free(cpu);
    return 0;
}
