package dev.roomcast.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

/** The body of the publishing endpoints. */
@Schema(description = "A message to publish")
public record PublishRequest(
        @Schema(description = "Any JSON value, delivered byte for byte as re-serialised", required = true, example = "{\"text\":\"shipped\"}") JsonNode content,
        @Schema(description = "Your message id (1-64 characters): the same id to the same room is published once", example = "order-42-shipped") String id,
        @Schema(description = "The sender shown to clients; default roomcast.api.sender", example = "orders") String from) {
}
