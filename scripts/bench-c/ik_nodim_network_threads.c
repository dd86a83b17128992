/* The loop of ik_nodim_network.c split over K POSIX threads as the engine splits it
 * (src-main/engine/network/parallel.ts): each thread steps a contiguous range of the neurons,
 * writes its partial sums into its own cache line of the step's parity slot, publishes its step
 * counter, spins until every other thread has published the same step, then adds the partial sums
 * in thread order and advances s (and a shared u) exactly as every other thread does. One meeting
 * per step, as in the engine. So the cost of the threads' meeting on this machine, which the
 * one-thread loop does not pay, is measured here in C: the engine's time on K threads is compared
 * with this loop's on K threads (and with the one-thread loop).
 *
 * Per neuron and step, the same operations as ik_nodim_network.c (the sum of u left out, as there).
 *
 * Build: cc -O2 -march=native -pthread -o ik_network_threads ik_nodim_network_threads.c -lm
 * Usage: ./ik_network_threads [N] [T] [individual|shared] [reps] [K]   (defaults 10000 100 individual 3 2)
 * Prints each repetition's wall time and processor time (all threads), their medians in ns per
 * neuron-step (wall per neuron-step: K threads at once), and a checksum line (total spikes, mean r).
 */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const double Delta = 0.02, tau = 1.0, eta = 0.0, alpha = 0.6, g = 1.5, E_r = 1.0, b = -0.01, a = 0.008,
                    d = 0.02, tau_s = 2.6, J = 1.0, dt = 1e-3, v_peak = 200.0;

/* A thread's partial sums of one step, in a cache line of its own. */
typedef struct {
    double spikes, sum_in, n_in;
    char pad[64 - 3 * sizeof(double)];
} Partial;

/* A thread's step counter, in a cache line of its own. */
typedef struct {
    _Atomic long step;
    char pad[64 - sizeof(long)];
} Counter;

static int n, K, shared;
static long steps;
static double *V, *U, *Bj, *Hj;
static Partial *slots;   /* 2 x K: parity, thread */
static Counter *counters; /* K */
static double total_spikes;

static double clock_s(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static int cmp(const void *x, const void *y) {
    double p = *(const double *)x, q = *(const double *)y;
    return (p > q) - (p < q);
}

static void *thread_run(void *arg) {
    const int me = (int)(long)arg;
    const int lo = (int)((long)n * me / K), hi = (int)((long)n * (me + 1) / K);
    const double k = 1.0, vr = 0.0, C = tau, G = g * tau, dtC = dt / C, dtA = dt * a;
    double s = 0.0, u_sh = 0.0, total = 0.0;
    for (int j = lo; j < hi; j++) V[j] = U[j] = 0.0;
    for (long i = 0; i <= steps; i++) {
        const double I = (i >= 400000L && i < 600000L) ? 0.0 : 0.15;
        const double gs = G * s, drive = I + gs * E_r - (shared ? u_sh : 0.0);
        double spikes = 0.0, sum_in = 0.0, n_in = 0.0;
        if (shared) {
            for (int j = lo; j < hi; j++) {
                double v = V[j];
                if (v >= v_peak) { v = -v; spikes += 1.0; }
                if (v >= -v_peak && v <= v_peak) { sum_in += v; n_in += 1.0; }
                V[j] = v + dtC * (k * v * v - (Bj[j] + gs) * v + Hj[j] + drive);
            }
        } else {
            for (int j = lo; j < hi; j++) {
                double v = V[j], u = U[j];
                if (v >= v_peak) { v = -v; u += d; spikes += 1.0; }
                if (v >= -v_peak && v <= v_peak) { sum_in += v; n_in += 1.0; }
                V[j] = v + dtC * (k * v * v - (Bj[j] + gs) * v + Hj[j] + drive - u);
                U[j] = u + dtA * (b * (v - vr) - u);
            }
        }
        Partial *slot = slots + (i & 1) * K;
        slot[me].spikes = spikes;
        slot[me].sum_in = sum_in;
        slot[me].n_in = n_in;
        atomic_store_explicit(&counters[me].step, i + 1, memory_order_release);
        for (int q = 0; q < K; q++)
            if (q != me)
                while (atomic_load_explicit(&counters[q].step, memory_order_acquire) < i + 1) {
                }
        double all = 0.0, in = 0.0, count = 0.0;
        for (int q = 0; q < K; q++) {
            all += slot[q].spikes;
            in += slot[q].sum_in;
            count += slot[q].n_in;
        }
        total += all;
        const double rate = all / n;
        s += dt * (-s / tau_s) + J * rate;
        if (shared) u_sh += dt * a * (b * (in / count - vr) - u_sh) + d * rate;
    }
    if (me == 0) total_spikes = total;
    return NULL;
}

int main(int argc, char **argv) {
    n = argc > 1 ? atoi(argv[1]) : 10000;
    const double T = argc > 2 ? atof(argv[2]) : 100.0;
    shared = argc > 3 && strcmp(argv[3], "shared") == 0;
    const int reps = argc > 4 ? atoi(argv[4]) : 3;
    K = argc > 5 ? atoi(argv[5]) : 2;
    if (K < 1 || K > n) K = 1;
    steps = lround(T / dt);
    V = malloc(n * sizeof *V), U = malloc(n * sizeof *U), Bj = malloc(n * sizeof *Bj), Hj = malloc(n * sizeof *Hj);
    slots = aligned_alloc(64, 2 * K * sizeof *slots);
    counters = aligned_alloc(64, K * sizeof *counters);
    pthread_t *threads = malloc(K * sizeof *threads);
    double *times = malloc(reps * sizeof *times), *cpu = malloc(reps * sizeof *cpu);
    for (int j = 0; j < n; j++) {
        const double x = eta + Delta * tan(M_PI / 2 * (2.0 * (j + 1) - n - 1) / (n + 1));
        Bj[j] = 1.0 * (0.0 + alpha);
        Hj[j] = 1.0 * 0.0 * alpha + x;
    }
    for (int q = 0; q < reps; q++) {
        for (int t = 0; t < K; t++) atomic_store(&counters[t].step, 0);
        const double t0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
        for (int t = 0; t < K; t++) pthread_create(&threads[t], NULL, thread_run, (void *)(long)t);
        for (int t = 0; t < K; t++) pthread_join(threads[t], NULL);
        times[q] = clock_s(CLOCK_MONOTONIC) - t0;
        cpu[q] = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
        printf("rep %d: %.3f s (cpu %.3f s)\n", q + 1, times[q], cpu[q]);
    }
    qsort(times, reps, sizeof *times, cmp);
    qsort(cpu, reps, sizeof *cpu, cmp);
    const double med = times[reps / 2], cmed = cpu[reps / 2], work = (double)n * (steps + 1);
    printf("network median: %.6f s, %.3f ns/neuron-step (N = %d, %ld steps, %s recovery, %d threads)\n", med, 1e9 * med / work, n, steps,
           shared ? "shared" : "individual", K);
    printf("cpu median: %.6f s, %.3f ns/neuron-step\n", cmed, 1e9 * cmed / work);
    printf("spikes %.0f, mean r %.6f\n", total_spikes, total_spikes / n / T);
    free(V); free(U); free(Bj); free(Hj); free(slots); free(counters); free(threads); free(times); free(cpu);
    return 0;
}
