package dev.roomcast.hook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code X-Roomcast-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">}, the format webhooks use
 * too: the backend recomputes it with the shared secret, and refuses an old {@code t} to stop replays.
 */
final class HookSignature {

    static final String HEADER = "X-Roomcast-Signature";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    HookSignature(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    String sign(long unixSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM); // not thread-safe, and cheap next to an HTTP call
            mac.init(key);
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            mac.update(body);
            return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
