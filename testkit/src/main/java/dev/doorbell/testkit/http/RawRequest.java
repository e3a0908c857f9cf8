package dev.doorbell.testkit.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes an HTTP/1.1 request byte by byte, with nothing checked: the request line and header
 * lines go out exactly as given (as ISO-8859-1, so any byte can be placed), the body with a
 * {@code Content-Length} unless the caller framed it some other way.
 */
final class RawRequest {
    private static final String CRLF = "\r\n";

    private final String requestLine;
    private final List<String> headerLines = new ArrayList<>();
    private byte[] body = new byte[0];
    private boolean contentLength = true;

    private RawRequest(String requestLine) {
        this.requestLine = requestLine;
    }

    /** {@code METHOD target HTTP/1.1} with {@code Host} and {@code Connection: close}. */
    static RawRequest of(String method, String target, String host) {
        return line(method + " " + target + " HTTP/1.1").header("Host", host).header("Connection", "close");
    }

    /** A request with this exact request line and no headers yet. */
    static RawRequest line(String requestLine) {
        return new RawRequest(requestLine);
    }

    RawRequest header(String name, String value) {
        return headerLine(name + ": " + value);
    }

    RawRequest headers(Map<String, String> headers) {
        headers.forEach(this::header);
        return this;
    }

    /** A header line exactly as given (malformed ones included). */
    RawRequest headerLine(String line) {
        headerLines.add(line);
        return this;
    }

    /** A body, sent with a matching {@code Content-Length}. */
    RawRequest body(byte[] bytes) {
        this.body = bytes;
        return this;
    }

    RawRequest body(String text) {
        return body(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON body: {@code Content-Type: application/json} and the bytes. */
    RawRequest json(String text) {
        return header("Content-Type", "application/json").body(text);
    }

    /** Bytes after the head, framed by the caller's own headers (no {@code Content-Length} added). */
    RawRequest rawBody(byte[] bytes) {
        this.body = bytes;
        this.contentLength = false;
        return this;
    }

    RawRequest rawBody(String text) {
        return rawBody(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    byte[] bytes() {
        StringBuilder head = new StringBuilder(requestLine).append(CRLF);
        for (String line : headerLines) {
            head.append(line).append(CRLF);
        }
        if (contentLength && body.length > 0) {
            head.append("Content-Length: ").append(body.length).append(CRLF);
        }
        head.append(CRLF);
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + body.length);
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }
}
