package dev.roomcast.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code redis-cli} (it comes with {@code redis-server}), run as a process with a deadline: for the
 * cluster and sentinel fixtures, which need its {@code --cluster} commands and talk to many nodes.
 */
public final class RedisCli {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** Kills a redis-cli that outlives its deadline (a frozen node answers nothing). */
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "redis-cli-deadline");
        thread.setDaemon(true);
        return thread;
    });

    private RedisCli() {
    }

    /** A program on the PATH, if there is one. */
    static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** A program on the PATH, or a failure that says what to install. */
    static Path required(String name) {
        return onPath(name).orElseThrow(() -> new IllegalStateException(
                name + " is not on the PATH: the Redis Cluster and Sentinel fixtures need Debian's redis-server"
                        + " package (apt-get install redis-server), which provides redis-server and redis-cli"));
    }

    /** {@code redis-cli -p port args}: its output (raw formatting); fails on an error reply or exit code. */
    public static String run(int port, String... args) {
        List<String> command = new ArrayList<>(List.of("-h", "127.0.0.1", "-p", Integer.toString(port), "-e"));
        command.addAll(Arrays.asList(args));
        return exec(command);
    }

    /** {@code redis-cli args} as given (e.g. {@code --cluster create ...}); fails on a non-zero exit code. */
    public static String exec(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(required("redis-cli").toString());
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close(); // --cluster commands must never wait for a typed "yes"
            ScheduledFuture<?> deadline = TIMER.schedule(process::destroyForcibly, DEADLINE.toMillis(),
                    TimeUnit.MILLISECONDS);
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean timely = deadline.cancel(false);
            int exit = process.waitFor();
            if (!timely) {
                throw new IllegalStateException("redis-cli " + args + " took over " + DEADLINE + "; output:\n"
                        + output);
            }
            if (exit != 0) {
                throw new IllegalStateException("redis-cli " + args + " exited " + exit + ":\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run redis-cli " + args, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running redis-cli " + args, e);
        }
    }
}
