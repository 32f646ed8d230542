package dev.roomcast.api;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The OpenAPI document's title and its one security scheme (served at /q/openapi, Swagger UI at /q/swagger-ui). */
@OpenAPIDefinition(info = @Info(title = "Roomcast HTTP API", version = "v1", description = "Backends publish to rooms, "
        + "users and everyone, and read members and history. Every error is {code, message}; see docs/api.md."))
@SecurityScheme(securitySchemeName = "apiKey", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "One of roomcast.api.keys, as Authorization: Bearer <key>")
public class RoomcastApi extends Application {
}
