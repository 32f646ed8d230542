package dev.roomcast.api;

import java.io.ByteArrayInputStream;

import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.roomcast.security.BodyLimit;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * Hands RESTEasy a chunked body that {@link BodyLimit} already read within the limit: the request has ended,
 * so RESTEasy would otherwise see an empty body.
 */
public class ChunkedBodies {

    @ServerRequestFilter(preMatching = true)
    public void replay(ContainerRequestContext request, RoutingContext ctx) {
        Buffer body = BodyLimit.body(ctx);
        if (body != null) {
            request.setEntityStream(new ByteArrayInputStream(body.getBytes()));
        }
    }
}
