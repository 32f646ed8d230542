package dev.roomcast.loadgen;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a process, read from /proc (Linux). CPU is reported as the
 * share of one core used between two readings; {@code jitTicks} is the part of it spent by the
 * JVM's JIT compiler threads (HotSpot names them "C1 CompilerThread…" and "C2 CompilerThread…").
 */
record ProcStat(long cpuTicks, long jitTicks, long rssKb, long atNanos) {

    /** USER_HZ: the unit of utime/stime in /proc/pid/stat; 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    static ProcStat of(long pid) {
        try {
            long ticks = ticks(Path.of("/proc", String.valueOf(pid), "stat"));
            long jit = 0;
            Path tasks = Path.of("/proc", String.valueOf(pid), "task");
            try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
                for (Path thread : threads) {
                    jit += jitTicks(thread);
                }
            }
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return new ProcStat(ticks, jit, rss, System.nanoTime());
        } catch (IOException e) {
            return new ProcStat(0, 0, 0, System.nanoTime());
        }
    }

    /** A thread's CPU ticks if it is a JIT compiler thread, else 0 (also when it ended while being read). */
    private static long jitTicks(Path thread) {
        try {
            String name = Files.readString(thread.resolve("comm"));
            boolean compiler = name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
            return compiler ? ticks(thread.resolve("stat")) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** utime + stime from a stat file of a process or thread. */
    private static long ticks(Path stat) throws IOException {
        String line = Files.readString(stat);
        // Fields after the command name (which may contain spaces) start after the last ')'.
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** Percent of one core used since {@code earlier}. */
    double cpuPercentSince(ProcStat earlier) {
        return percentOfCore(cpuTicks - earlier.cpuTicks, earlier);
    }

    /** Percent of one core the JIT compiler threads used since {@code earlier}. */
    double jitPercentSince(ProcStat earlier) {
        return percentOfCore(jitTicks - earlier.jitTicks, earlier);
    }

    private double percentOfCore(long ticks, ProcStat earlier) {
        double seconds = (atNanos - earlier.atNanos) / 1e9;
        return seconds <= 0 ? 0 : 100.0 * ticks / TICKS_PER_SECOND / seconds;
    }

    /** The machine's CPU time so far: total and stolen by the hypervisor (first line of /proc/stat), in ticks. */
    record Host(long totalTicks, long stealTicks) {

        static Host now() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long total = 0;
                for (int i = 1; i < Math.min(f.length, 9); i++) { // user .. steal; guest time is inside user
                    total += Long.parseLong(f[i]);
                }
                return new Host(total, f.length > 8 ? Long.parseLong(f[8]) : 0);
            } catch (IOException | RuntimeException e) {
                return new Host(0, 0);
            }
        }

        /** Percent of the machine's CPU time the hypervisor took since {@code earlier}: other tenants' load. */
        double stealPercentSince(Host earlier) {
            long total = totalTicks - earlier.totalTicks;
            return total <= 0 ? 0 : 100.0 * (stealTicks - earlier.stealTicks) / total;
        }
    }
}
