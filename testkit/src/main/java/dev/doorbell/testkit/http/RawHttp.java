package dev.doorbell.testkit.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends raw bytes over a fresh socket and reads what comes back until the server closes.
 *
 * <p>The bytes are written from a separate thread, then the socket's output is shut down, so the
 * server sees the end of the request even where the request itself never ends; reading happens
 * meanwhile, so a server that answers early (413) and stops reading cannot wedge the exchange.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** Sends {@code request} to {@code address} and returns what became of it within {@code timeout}. */
    public static RawOutcome exchange(InetSocketAddress address, byte[] request, Duration timeout) {
        int millis = Math.toIntExact(timeout.toMillis());
        try (Socket socket = new Socket()) {
            try {
                socket.connect(address, millis);
            } catch (IOException e) {
                return new RawOutcome.Unreachable(e.toString());
            }
            socket.setSoTimeout(millis);
            Thread writer = Thread.ofVirtual().start(() -> write(socket, request));
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            long deadline = System.nanoTime() + timeout.toNanos();
            String ending = "closed";
            try (InputStream in = socket.getInputStream()) {
                byte[] buffer = new byte[8192];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    received.write(buffer, 0, n);
                    if (System.nanoTime() > deadline) {
                        return new RawOutcome.TimedOut(received.size());
                    }
                }
            } catch (SocketTimeoutException e) {
                return new RawOutcome.TimedOut(received.size());
            } catch (SocketException e) {
                ending = "reset (" + e.getMessage() + ")";
            }
            socket.close();
            joinQuietly(writer);
            if (received.size() == 0) {
                return new RawOutcome.ClosedSilently(ending);
            }
            return parse(received.toByteArray());
        } catch (IOException e) {
            return new RawOutcome.Unreachable(e.toString());
        }
    }

    private static void write(Socket socket, byte[] request) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            socket.shutdownOutput();
        } catch (IOException e) {
            // the server closed first (e.g. after answering 413): what it answered is read regardless
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Parses the first final response in {@code bytes}, skipping {@code 1xx} interim responses. */
    static RawOutcome parse(byte[] bytes) {
        int at = 0;
        while (true) {
            int headEnd = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), at);
            if (headEnd < 0) {
                return unparseable("no complete response head", bytes);
            }
            String[] lines = new String(bytes, at, headEnd - at, StandardCharsets.ISO_8859_1).split("\r\n");
            String[] statusLine = lines[0].split(" ", 3);
            if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.") || !statusLine[1].matches("\\d{3}")) {
                return unparseable("bad status line '" + lines[0] + "'", bytes);
            }
            int status = Integer.parseInt(statusLine[1]);
            Map<String, List<String>> headers = new HashMap<>();
            String badLine = readHeaders(lines, headers);
            if (badLine != null) {
                return unparseable("bad header line '" + badLine + "'", bytes);
            }
            int bodyStart = headEnd + 4;
            if (status >= 100 && status < 200) {
                at = bodyStart;
                continue;
            }
            return withBody(bytes, status, headers, bodyStart);
        }
    }

    /** Adds the header lines after the status line to {@code headers} (names lower-cased); the first line without a name, or null. */
    private static String readHeaders(String[] lines, Map<String, List<String>> headers) {
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                return lines[i];
            }
            headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        return null;
    }

    /** The response whose body starts at {@code bodyStart}: chunked, as long as its Content-Length, or up to the end. */
    private static RawOutcome withBody(byte[] bytes, int status, Map<String, List<String>> headers, int bodyStart) {
        List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
        List<String> length = headers.getOrDefault("content-length", List.of());
        if (encoding.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))) {
            byte[] body = dechunk(bytes, bodyStart);
            return body == null ? unparseable("broken chunked body", bytes)
                    : new RawOutcome.Responded(new RawResponse(status, headers, body));
        }
        int end = bytes.length;
        if (!length.isEmpty()) {
            int declared = Integer.parseInt(length.get(0));
            if (bodyStart + declared > bytes.length) {
                return unparseable("body shorter than its Content-Length " + declared, bytes);
            }
            end = bodyStart + declared;
        }
        byte[] body = new byte[end - bodyStart];
        System.arraycopy(bytes, bodyStart, body, 0, body.length);
        return new RawOutcome.Responded(new RawResponse(status, headers, body));
    }

    private static byte[] dechunk(byte[] bytes, int from) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = from;
        while (true) {
            int lineEnd = indexOf(bytes, new byte[] {'\r', '\n'}, at);
            if (lineEnd < 0) {
                return null;
            }
            String sizeText = new String(bytes, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int semicolon = sizeText.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semicolon < 0 ? sizeText : sizeText.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                return null;
            }
            at = lineEnd + 2;
            if (size == 0) {
                return body.toByteArray();
            }
            if (at + size > bytes.length) {
                return null;
            }
            body.write(bytes, at, size);
            at += size + 2;
        }
    }

    private static int indexOf(byte[] bytes, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= bytes.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static RawOutcome unparseable(String why, byte[] bytes) {
        String text = new String(bytes, 0, Math.min(bytes.length, 400), StandardCharsets.ISO_8859_1);
        return new RawOutcome.Unparseable(why, text);
    }
}
