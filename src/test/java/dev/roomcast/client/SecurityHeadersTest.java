package dev.roomcast.client;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Browser security headers over real HTTP: the demo page and its scripts under a strict Content-Security-Policy
 * (nothing inline), Swagger UI under its own looser one and still served, and on every response no MIME
 * sniffing and no framing. DemoPageIT checks in Chromium that the demo runs under its policy without a violation.
 */
@QuarkusTest
public class SecurityHeadersTest {

    @Test
    void theDemoPageAndItsScriptsAreUnderTheStrictPolicy() {
        for (String path : List.of("/", "/index.html", "/demo.js", "/demo-reads.js", "/demo-positions.js", "/demo.css",
                "/roomcast.js", "/roomcast/client.js")) {
            ValidatableResponse response = given().get(path).then().statusCode(200);
            notSniffedNorFramed(response);
            response.header("Content-Security-Policy", is("default-src 'none'; script-src 'self'; style-src 'self'; "
                    + "img-src 'self' data:; connect-src 'self' ws: wss:; base-uri 'none'; form-action 'self'; "
                    + "frame-ancestors 'none'"));
        }
    }

    @Test
    void swaggerUiKeepsWorkingUnderItsOwnPolicy() {
        ValidatableResponse page = given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("SwaggerUIBundle"));
        notSniffedNorFramed(page);
        page.header("Content-Security-Policy", containsString("script-src 'self' 'unsafe-inline'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", not(containsString("unsafe-eval")));
        given().get("/q/swagger-ui/swagger-ui-bundle.js").then().statusCode(200)
                .header("Content-Security-Policy", containsString("'unsafe-inline'"));
        given().get("/q/openapi").then().statusCode(200).header("Content-Security-Policy", containsString("default-src 'none'"));
    }

    @Test
    void apiAndProbeAnswersAreNeitherSniffedNorFramed() {
        notSniffedNorFramed(given().get("/q/health/live").then().statusCode(200));
        notSniffedNorFramed(given().get("/api/v1/rooms").then().statusCode(404)); // the API is off here
    }

    private static void notSniffedNorFramed(ValidatableResponse response) {
        response.header("X-Content-Type-Options", is("nosniff")).header("X-Frame-Options", is("DENY"));
    }
}
