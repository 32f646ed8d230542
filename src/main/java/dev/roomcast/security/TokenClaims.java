package dev.roomcast.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A signed token's claims as its issuer wrote them: the payload, the middle of {@code header.payload.signature}. */
final class TokenClaims {

    private TokenClaims() {
    }

    /** The payload's JSON, for a token that was verified; null for any other shape (an encrypted token's five parts). */
    static String of(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0 || token.indexOf('.', second + 1) >= 0) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(token.substring(first + 1, second)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
