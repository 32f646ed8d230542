package dev.roomcast.support;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * RSA keys made for this test run, and tokens signed with them. The server is given the public
 * half (as a PEM value or a JWKS document); {@link #STRANGER} signs tokens it must refuse.
 */
public final class TestTokens {

    public static final String ISSUER = "https://issuer.roomcast.test";
    public static final String KEY_ID = "test-key-1";
    public static final KeyPair KEYS = generate();
    public static final KeyPair STRANGER = generate();

    private TestTokens() {
    }

    /** A token for {@code sub}, valid for an hour, with any extra claims the builder step adds. */
    public static String token(String sub, UnaryOperator<JwtClaimsBuilder> claims) {
        return token(sub, Instant.now().plusSeconds(3600), claims);
    }

    public static String token(String sub, Instant expiresAt, UnaryOperator<JwtClaimsBuilder> claims) {
        return sign(claims.apply(Jwt.issuer(ISSUER).subject(sub).issuedAt(Instant.now().minusSeconds(5))
                .expiresAt(expiresAt)), KEYS);
    }

    /** A token without {@code iat}, which SmallRye's builder always adds: signed with jose4j directly. */
    public static String withoutIssuedAt(String sub) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject(sub);
        claims.setExpirationTimeMinutesInTheFuture(60);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(KEYS.getPrivate());
        jws.setKeyIdHeaderValue(KEY_ID);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sign(JwtClaimsBuilder claims, KeyPair keys) {
        return claims.jws().keyId(KEY_ID).sign(keys.getPrivate());
    }

    /** The public key as the one-line base64 X.509 value {@code mp.jwt.verify.publickey} takes. */
    public static String publicKeyValue() {
        return Base64.getEncoder().encodeToString(KEYS.getPublic().getEncoded());
    }

    /** A JWKS document holding the public key. */
    public static String jwks() {
        RSAPublicKey key = (RSAPublicKey) KEYS.getPublic();
        return WsClient.JSON.createObjectNode().set("keys", WsClient.JSON.createArrayNode().add(
                WsClient.JSON.valueToTree(Map.of("kty", "RSA", "kid", KEY_ID, "use", "sig", "alg", "RS256",
                        "n", base64Url(key.getModulus()), "e", base64Url(key.getPublicExponent()))))).toString();
    }

    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes[0] == 0 && bytes.length > 1) { // unsigned, as JWK wants
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
