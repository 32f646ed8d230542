package dev.roomcast.client;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The client, its types and the demo are served by the app; /ws without an upgrade says what it is. */
@QuarkusTest
public class ServedFilesTest {

    /** {@code import ... from './x.js'} and {@code export ... from './x.js'}: the specifiers a browser resolves. */
    private static final Pattern RELATIVE_IMPORT = Pattern.compile("^(?:import|export)\\s[^;]*?from\\s+'(\\.[^']+)'",
            Pattern.MULTILINE | Pattern.DOTALL);

    /**
     * /roomcast.js is the package's entry module (clients/js/src), importing its modules from /roomcast/: every
     * module it reaches is served as JavaScript, and together they export the client.
     */
    @Test
    void theClientModuleItsImportsAndItsTypes() {
        Set<String> served = new TreeSet<>();
        Deque<String> toFetch = new ArrayDeque<>(List.of("roomcast.js"));
        StringBuilder all = new StringBuilder();
        while (!toFetch.isEmpty()) {
            String path = toFetch.pop();
            if (!served.add(path)) {
                continue;
            }
            String source = given().get("/" + path).then().statusCode(200).contentType(containsString("javascript"))
                    .extract().asString();
            all.append(source);
            Matcher imported = RELATIVE_IMPORT.matcher(source);
            while (imported.find()) {
                toFetch.add(URI.create("/" + path).resolve(imported.group(1)).getPath().substring(1));
            }
        }
        assertTrue(served.size() > 5, "the entry module and the modules it imports: " + served);
        assertTrue(served.stream().allMatch(p -> p.equals("roomcast.js") || p.startsWith("roomcast/")), served::toString);
        assertTrue(all.toString().contains("export class Roomcast extends"), "the client class is among " + served);
        given().get("/roomcast.d.ts").then().statusCode(200).body(containsString("export class Roomcast"));
    }

    @Test
    void theDemoPage() {
        given().get("/").then().statusCode(200).contentType(startsWith("text/html")).body(containsString("demo.js"));
        given().get("/demo.js").then().statusCode(200).body(containsString("from './roomcast.js'"))
                .body(containsString("from './demo-reads.js'")).body(containsString("from './demo-positions.js'"));
        given().get("/demo-reads.js").then().statusCode(200).body(containsString("export class ReadMarkers"));
        given().get("/demo-positions.js").then().statusCode(200).body(containsString("from './roomcast.js'"));
    }

    @Test
    void aPlainRequestToTheWebSocketEndpointIsToldToUpgrade() {
        given().get("/ws").then().statusCode(426).header("Upgrade", "websocket")
                .body(containsString("WebSocket endpoint"));
    }
}
