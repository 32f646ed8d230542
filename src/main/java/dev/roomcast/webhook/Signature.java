package dev.roomcast.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.vertx.core.buffer.Buffer;

/**
 * {@code X-Roomcast-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">}, on webhooks and on hook calls
 * alike. The time is signed with the body, so a receiver that refuses old timestamps cannot be fed a captured
 * request again later.
 */
public final class Signature {

    public static final String HEADER = "X-Roomcast-Signature";

    private final SecretKeySpec key;

    public Signature(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    String header(long unixSeconds, Buffer body) {
        return sign(unixSeconds, body.getBytes());
    }

    public String sign(long unixSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256"); // once per POST, not per event; a Mac is not thread-safe
            mac.init(key);
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            mac.update(body);
            return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
