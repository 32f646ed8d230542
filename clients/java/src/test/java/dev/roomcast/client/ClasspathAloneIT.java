package dev.roomcast.client;

import static dev.roomcast.client.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

import dev.roomcast.client.support.ServerProcess;

/**
 * The client as its users get it: its jar and its POM's run-time dependencies, nothing else (no test library, no
 * server class). The example in examples/Chat.java runs on exactly that class path against the packaged server.
 */
class ClasspathAloneIT {

    private static final Path CLIENT_JAR = Path.of(System.getProperty("roomcast.client.jar"));

    /** The run-time class path Maven resolved from the POM (the dependency plugin's build-classpath). */
    private static List<String> runtimeClasspath() throws Exception {
        String text = Files.readString(Path.of(System.getProperty("roomcast.client.runtime-classpath"))).trim();
        return text.isEmpty() ? List.of() : Arrays.asList(text.split(File.pathSeparator));
    }

    @Test
    void thePomBringsJacksonAndNothingElse() throws Exception {
        List<String> names = runtimeClasspath().stream().map(p -> Path.of(p).getFileName().toString()
                .replaceAll("-[0-9][0-9.]*\\.jar$", "")).sorted().toList();
        assertEquals(List.of("jackson-annotations", "jackson-core", "jackson-databind"), names, runtimeClasspath().toString());
    }

    @Test
    void theClientsVersionIsTheServers() throws Exception {
        // The server's build passes its version; run alone, this reads it from the packaged jar.
        String server = System.getProperty("roomcast.server.version", "");
        if (server.isEmpty()) {
            try (JarFile jar = new JarFile(ServerProcess.jar().toFile())) {
                server = jar.getManifest().getMainAttributes().getValue("Implementation-Version");
            }
        }
        java.util.Properties pom = new java.util.Properties();
        try (JarFile jar = new JarFile(CLIENT_JAR.toFile())) {
            pom.load(jar.getInputStream(jar.getEntry("META-INF/maven/dev.roomcast/roomcast-client/pom.properties")));
        }
        assertEquals(server, pom.getProperty("version"), "dev.roomcast:roomcast-client ships with the server's version");
    }

    @Test
    void theExampleRunsOnTheClientJarAndJacksonAlone() throws Exception {
        try (ServerProcess server = ServerProcess.start("java-client-alone", Map.of())) {
            List<String> classpath = new ArrayList<>(List.of(CLIENT_JAR.toString()));
            classpath.addAll(runtimeClasspath());
            String user = unique("alone");
            String room = unique("lobby");
            Path output = Path.of("target", "classpath-alone.out");
            // Source-file mode compiles the example against this class path too: no test class is on it.
            Process example = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    String.join(File.pathSeparator, classpath), "examples/Chat.java", server.wsUrl(), user, room)
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            boolean ended = example.waitFor(60, TimeUnit.SECONDS);
            if (!ended) {
                example.destroyForcibly();
            }
            String printed = Files.readString(output);
            assertTrue(ended, "the example did not end within 60 s:\n" + printed);
            assertEquals(0, example.exitValue(), printed);
            assertTrue(printed.contains("connected as " + user + "\n"), printed);
            assertTrue(printed.contains("joined " + room + " with [" + user + "]\n"), printed);
            assertTrue(printed.matches("(?s).*sent at offset \\d+\n.*"), printed);
            assertTrue(printed.contains("received " + room + " " + user + ": {\"text\":\"hi from Java\"}\n"), printed);
        }
    }
}
