package dev.roomcast.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A hand-rolled WebSocket peer on a plain socket, for what well-behaved client libraries will not
 * do: stay silent on pings, send malformed frames. Reads block at most the given timeout.
 */
public final class RawWebSocket implements AutoCloseable {

    public static final int CONTINUATION = 0x0, TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PING = 0x9, PONG = 0xA;

    /** One received frame; unmasked, as a server sends them. */
    public record Frame(int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        // Buffered: a frame header read byte by byte would otherwise cost a system call per byte.
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 65_536));
        this.out = socket.getOutputStream();
    }

    public static RawWebSocket connect(URI endpoint, String query, int readTimeoutMillis) throws IOException {
        return connect(endpoint, query, readTimeoutMillis, 0);
    }

    /** With a small receive buffer (set before connecting, so the TCP window stays small): a reader that lags early. */
    public static RawWebSocket connect(URI endpoint, String query, int readTimeoutMillis, int receiveBufferBytes)
            throws IOException {
        Socket socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new java.net.InetSocketAddress(endpoint.getHost(), endpoint.getPort()), readTimeoutMillis);
        socket.setSoTimeout(readTimeoutMillis);
        RawWebSocket ws = new RawWebSocket(socket);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET " + endpoint.getRawPath() + (query == null ? "" : "?" + query) + " HTTP/1.1\r\n"
                + "Host: " + endpoint.getHost() + ":" + endpoint.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        ws.out.write(request.getBytes(StandardCharsets.US_ASCII));
        ws.out.flush();
        String response = ws.readHttpHead();
        assertTrue(response.startsWith("HTTP/1.1 101"), () -> "upgrade refused: " + response);
        return ws;
    }

    /** The next frame, or null when the server closed the TCP connection. */
    public Frame read() throws IOException {
        try {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            long length = b1 & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            return new Frame(b0 & 0x0F, payload);
        } catch (EOFException e) {
            return null;
        }
    }

    /** Reads until a frame with this opcode arrives; fails on timeout or EOF. */
    public Frame readUntil(int opcode) throws IOException {
        while (true) {
            Frame frame;
            try {
                frame = read();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no frame with opcode " + opcode + " before the read timeout", e);
            }
            if (frame == null) {
                throw new AssertionError("connection closed before a frame with opcode " + opcode);
            }
            if (frame.opcode() == opcode) {
                return frame;
            }
        }
    }

    /** Writes one masked frame, as a client must. */
    public void write(int opcode, boolean fin, byte[] payload) throws IOException {
        writeRaw(maskedFrame(opcode, fin, payload));
    }

    /** Text frames in one TCP write, so the server reads and handles them in one go. */
    public void writeTextsTogether(List<String> texts) throws IOException {
        ByteArrayOutputStream together = new ByteArrayOutputStream();
        for (String text : texts) {
            together.writeBytes(maskedFrame(TEXT, true, text.getBytes(StandardCharsets.UTF_8)));
        }
        writeRaw(together.toByteArray());
    }

    /** One complete client frame, masked as a client must: to build many once and write them together. */
    public static byte[] maskedFrame(int opcode, boolean fin, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length <= 0xFFFF) {
            frame.write(0x80 | 126);
            frame.writeBytes(ByteBuffer.allocate(2).putShort((short) payload.length).array());
        } else {
            frame.write(0x80 | 127);
            frame.writeBytes(ByteBuffer.allocate(8).putLong(payload.length).array());
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }

    /** Reads until the server's close frame and returns its code: 1006 if the TCP connection just ended or reset. */
    public int awaitCloseCode() {
        try {
            Frame frame;
            while ((frame = read()) != null) {
                if (frame.opcode() == CLOSE) {
                    return frame.closeCode();
                }
            }
            return 1006;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection before the read timeout", e);
        } catch (IOException e) {
            return 1006; // reset
        }
    }

    /** Answers a close as browsers do: a Close frame with the same code. */
    public void writeClose(int code) throws IOException {
        write(CLOSE, true, ByteBuffer.allocate(2).putShort((short) code).array());
    }

    /** Writes raw bytes, framed or not. Synchronized: a reader thread may answer pings while another writes. */
    public synchronized void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** How long a read may block before a SocketTimeoutException. */
    public void readTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private String readHttpHead() throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed during the upgrade; got: " + head);
            }
            head.append((char) c);
        }
        return head.toString();
    }
}
