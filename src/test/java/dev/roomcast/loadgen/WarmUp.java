package dev.roomcast.loadgen;

import java.util.List;
import java.util.Locale;

/**
 * Unreported warm-up rounds, repeated until the servers' JIT compilers have nearly finished, so
 * that the measured steps measure Roomcast and not the compiler on the server's core. How long that
 * takes depends on the host: one server warms up in about 20 s, two sharing a core took over a
 * minute (each compiler gets half the core).
 */
final class WarmUp {

    /** The compiler threads' share of one core below which a server counts as warm. */
    static final double SETTLED_JIT_PERCENT = 5;

    /** One round of load; {@code round} counts from 0. */
    interface Round {
        void run(int round) throws Exception;
    }

    private WarmUp() {
    }

    /** Runs at least {@code minRounds} and at most {@code maxRounds}; says how it ended. */
    static void untilJitSettles(String scenario, List<ServerProcess> servers, int minRounds, int maxRounds, Round round)
            throws Exception {
        long start = System.nanoTime();
        double jit = 100;
        int rounds = 0;
        while (rounds < maxRounds && (rounds < minRounds || jit >= SETTLED_JIT_PERCENT)) {
            CpuWindow window = CpuWindow.open(servers);
            round.run(rounds++);
            jit = window.close().serverJit();
        }
        System.out.printf(Locale.ROOT, "%s: warm-up of %d rounds in %.0f s; the JIT compilers used %.1f%% of a core "
                + "in the last round%s%n", scenario, rounds, (System.nanoTime() - start) / 1e9, jit,
                jit < SETTLED_JIT_PERCENT ? "" : ": still compiling, the results include compiler time (see jit%)");
    }
}
