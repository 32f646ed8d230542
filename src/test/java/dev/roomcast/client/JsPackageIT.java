package dev.roomcast.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.roomcast.support.AppProcess;
import dev.roomcast.support.NodeScript;

/**
 * The JavaScript client as people install it (src/test/js/package.mjs): {@code npm pack} of clients/js, the tarball
 * installed into a fresh project from the npm registry's ws and typescript, used from an ES module, a CommonJS file
 * and TypeScript checked by tsc, against the packaged app, whose /roomcast.js modules must be the packed ones.
 */
public class JsPackageIT {

    @Test
    void thePackedClientWorksFromEsmCommonJsAndTypeScript() throws Exception {
        try (AppProcess a = AppProcess.start("js-package", Map.of())) {
            NodeScript.run("package.mjs", Map.of("ROOMCAST_A", a.wsUrl(), "PACKAGE", Path.of("clients", "js").toAbsolutePath().toString(),
                    "CONSUMER", Path.of("src", "test", "js", "consumer").toAbsolutePath().toString()), Duration.ofMinutes(5));
        }
    }
}
