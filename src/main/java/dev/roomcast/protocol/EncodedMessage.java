package dev.roomcast.protocol;

/**
 * A server message in its wire form: the UTF-8 bytes of one text frame, and its protocol type
 * (for metrics). Encoded once and then written, as the same array, to every recipient. Never
 * modify {@link #utf8()}.
 */
public record EncodedMessage(byte[] utf8, MessageType type) {

    public int size() {
        return utf8.length;
    }
}
