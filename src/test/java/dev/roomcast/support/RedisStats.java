package dev.roomcast.support;

import java.util.Map;
import java.util.TreeMap;

/** What a Redis process says about its own work: calls per command and CPU time (any Redis, cluster or not). */
public final class RedisStats {

    private RedisStats() {
    }

    /** Calls per command since the process started (INFO commandstats), e.g. "publish" → 1200. */
    public static Map<String, Long> commandCalls(int port) {
        return commandField(port, "calls=");
    }

    /**
     * Microseconds spent per command since the process started (INFO commandstats usec); the calls a script makes
     * count in its EVALSHA too.
     */
    public static Map<String, Long> commandMicros(int port) {
        return commandField(port, "usec=");
    }

    /** CPU seconds the process has used, system and user (INFO cpu: used_cpu_sys + used_cpu_user). */
    public static double cpuSeconds(int port) {
        double total = 0;
        for (String line : RedisCli.run(port, "INFO", "cpu").split("\n")) {
            if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                total += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return total;
    }

    private static Map<String, Long> commandField(int port, String field) {
        Map<String, Long> values = new TreeMap<>();
        for (String line : RedisCli.run(port, "INFO", "commandstats").split("\n")) {
            if (line.startsWith("cmdstat_")) { // cmdstat_publish:calls=12,usec=30,...
                int at = line.indexOf(field) + field.length();
                values.put(line.substring("cmdstat_".length(), line.indexOf(':')),
                        Long.parseLong(line.substring(at, line.indexOf(',', at))));
            }
        }
        return values;
    }
}
