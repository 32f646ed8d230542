package dev.roomcast.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * /q/openapi offers the one way the API authenticates, an API key as a bearer token, and no other: the JWT
 * scheme Quarkus adds on its own because smallrye-jwt is present (for the WebSocket upgrade) is not the API's.
 */
@QuarkusTest
class OpenApiDocumentTest {

    @Test
    void theOnlySecuritySchemeIsTheApiKeyAndEveryOperationRequiresIt() {
        JsonPath document = given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> schemes = document.getMap("components.securitySchemes");
        assertEquals(List.of("apiKey"), List.copyOf(schemes.keySet()), () -> "security schemes offered: " + schemes);
        assertEquals(Map.of("type", "http", "scheme", "bearer",
                "description", "One of roomcast.api.keys, as Authorization: Bearer <key>"), schemes.get("apiKey"));
        Map<String, Map<String, Map<String, Object>>> paths = document.getMap("paths");
        paths.keySet().removeIf(path -> !path.startsWith("/api/v1/")); // the tests' own endpoints are listed too
        assertEquals(9, paths.size(), () -> "API paths: " + paths.keySet());
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> assertEquals(
                List.of(Map.of("apiKey", List.of())), operation.get("security"), method + " " + path)));
    }
}
