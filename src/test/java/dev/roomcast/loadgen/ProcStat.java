package dev.roomcast.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a process, read from /proc (Linux). CPU is reported as the
 * share of one core used between two readings.
 */
record ProcStat(long cpuTicks, long rssKb, long atNanos) {

    /** USER_HZ: the unit of utime/stime in /proc/pid/stat; 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    static ProcStat of(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // Fields after the command name (which may contain spaces) start after the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return new ProcStat(ticks, rss, System.nanoTime());
        } catch (IOException e) {
            return new ProcStat(0, 0, System.nanoTime());
        }
    }

    /** Percent of one core used since {@code earlier}. */
    double cpuPercentSince(ProcStat earlier) {
        double seconds = (atNanos - earlier.atNanos) / 1e9;
        return seconds <= 0 ? 0 : 100.0 * (cpuTicks - earlier.cpuTicks) / TICKS_PER_SECOND / seconds;
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
