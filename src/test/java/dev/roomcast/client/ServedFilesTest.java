package dev.roomcast.client;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The client, its types and the demo are served by the app; /ws without an upgrade says what it is. */
@QuarkusTest
public class ServedFilesTest {

    @Test
    void theClientModuleAndItsTypes() {
        given().get("/roomcast.js").then().statusCode(200).contentType(containsString("javascript"))
                .body(containsString("export class Roomcast"));
        given().get("/roomcast.d.ts").then().statusCode(200).body(containsString("export class Roomcast"));
    }

    @Test
    void theDemoPage() {
        given().get("/").then().statusCode(200).contentType(startsWith("text/html")).body(containsString("demo.js"));
        given().get("/demo.js").then().statusCode(200).body(containsString("from './roomcast.js'"));
    }

    @Test
    void aPlainRequestToTheWebSocketEndpointIsToldToUpgrade() {
        given().get("/ws").then().statusCode(426).header("Upgrade", "websocket")
                .body(containsString("WebSocket endpoint"));
    }
}
