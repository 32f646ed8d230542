package dev.roomcast.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a JavaScript test from src/test/js with Node (Debian's) and its own npm packages (ws, playwright-core),
 * installed once per build into target/js with {@code npm ci} from the lock file. The script's output is the
 * assertion message when it fails.
 */
public final class NodeScript {

    private static final Path SOURCES = Path.of("src", "test", "js");
    private static final Path WORK = Path.of("target", "js");

    private NodeScript() {
    }

    /** Runs {@code node --test <script>} with these environment variables; fails unless it exits 0 within the limit. */
    public static String run(String script, Map<String, String> env, Duration within) throws Exception {
        prepare();
        Path log = WORK.resolve(script.replace(".mjs", "") + "-" + System.nanoTime() + ".log");
        ProcessBuilder builder = new ProcessBuilder("node", "--test", "--test-reporter=spec", script).directory(WORK.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process node = builder.start();
        if (!node.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly();
            throw new AssertionError(script + " did not finish within " + within + ":\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        assertEquals(0, node.exitValue(), () -> script + " failed:\n" + output);
        return output;
    }

    private static synchronized void prepare() throws IOException, InterruptedException {
        Files.createDirectories(WORK);
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    Files.copy(file, WORK.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        if (Files.isDirectory(WORK.resolve("node_modules"))) {
            return;
        }
        Path log = WORK.resolve("npm-ci.log");
        Process npm = new ProcessBuilder(List.of("npm", "ci", "--no-audit", "--no-fund")).directory(WORK.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            npm.destroyForcibly();
            throw new IllegalStateException("npm ci failed in " + WORK + ":\n" + Files.readString(log));
        }
    }
}
