package dev.roomcast.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One process of Debian's redis-server (a cluster node, a replica, a sentinel) on a loopback port, in a temp
 * directory of its own that holds its log and whatever files it writes (nodes.conf, sentinel.conf). Every
 * process still running when the JVM exits is killed, so a failed test leaves none behind.
 */
final class RedisProcess implements AutoCloseable {

    private static final Set<RedisProcess> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(RedisProcess::kill),
                "redis-processes-killer"));
    }

    private final int port;
    private final Path dir;
    private final Process process;

    private RedisProcess(int port, Path dir, Process process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    /**
     * Starts {@code redis-server args} (args such as a config file come first) with its directory as the
     * working directory, and waits until it answers PING.
     */
    static RedisProcess start(int port, Path dir, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(RedisCli.required("redis-server").toString());
        command.addAll(args);
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command, e);
        }
        RedisProcess started = new RedisProcess(port, dir, process);
        RUNNING.add(started);
        try {
            await("redis-server on port " + port + " answers PING").atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(50))
                    .failFast("redis-server on port " + port + " exited; log:\n" + started.log(),
                            () -> !process.isAlive())
                    .until(started::answersPing);
        } catch (RuntimeException | AssertionError e) {
            started.close();
            throw e;
        }
        return started;
    }

    /** A new temp directory for one process. */
    static Path newDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temp directory", e);
        }
    }

    int port() {
        return port;
    }

    Path dir() {
        return dir;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RUNNING.remove(this);
    }

    /** SIGSTOP (frozen: connections stay open, nothing is answered) or SIGCONT. */
    void signal(String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot signal redis-server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "<no log: " + e + ">";
        }
    }

    private boolean answersPing() {
        try {
            return RedisCli.run(port, "PING").trim().equals("PONG");
        } catch (IllegalStateException notYet) {
            return false;
        }
    }

    /** Kills the process and deletes its directory. */
    @Override
    public void close() {
        kill();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
