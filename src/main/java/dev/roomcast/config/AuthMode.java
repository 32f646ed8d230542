package dev.roomcast.config;

/** {@code roomcast.auth.mode}: see {@link AuthConfig#mode()}. */
public enum AuthMode {
    OFF,
    OPTIONAL,
    REQUIRED
}
