package dev.roomcast.client.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An RSA key pair made for this test run and RS256 tokens signed with it, with the JDK alone (the client's tests
 * carry no JWT library). The server is given the public half as {@code mp.jwt.verify.publickey}.
 */
public final class TestTokens {

    public static final String ISSUER = "https://issuer.roomcast.test";
    private static final KeyPair KEYS = generate();
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestTokens() {
    }

    /** The server configuration that verifies these tokens, with authentication required. */
    public static Map<String, String> serverConfig() {
        return Map.of("roomcast.auth.mode", "required", "mp.jwt.verify.publickey",
                Base64.getEncoder().encodeToString(KEYS.getPublic().getEncoded()), "mp.jwt.verify.issuer", ISSUER);
    }

    public static String token(String sub, Instant expiresAt) {
        try {
            Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
            String header = base64.encodeToString(JSON.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT")));
            String claims = base64.encodeToString(JSON.writeValueAsBytes(Map.of("iss", ISSUER, "sub", sub,
                    "iat", Instant.now().minusSeconds(5).getEpochSecond(), "exp", expiresAt.getEpochSecond())));
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(KEYS.getPrivate());
            rs256.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
            return header + "." + claims + "." + base64.encodeToString(rs256.sign());
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
