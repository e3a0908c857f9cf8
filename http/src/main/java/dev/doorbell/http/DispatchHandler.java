package dev.doorbell.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Jetty handler: routes, enforces the body limit, calls the handler, turns every failure
 * into a problem (written by the service's {@link ErrorRenderer}), records metrics. Always handles the request (returns true).
 */
final class DispatchHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(DispatchHandler.class);
    private static final byte[] NO_BODY = new byte[0];
    /**
     * How far past the limit an over-limit body is still read (and thrown away) before the 413 is sent. A client
     * whose body is a little too large then gets its answer after it has sent everything, on a connection that
     * stays usable; closing on it while it still sends makes its HTTP stack report a broken pipe instead of the 413.
     * Bodies declared larger than this are not read: the answer closes the connection.
     */
    static final int DRAINED_EXCESS_BYTES = 1 << 20;
    private final Router router;
    private final int maxBodyBytes;
    private final int maxUriBytes;
    private final ObjectMapper mapper;
    private final ResponseWriter writer;
    private final RequestMetrics metrics;

    DispatchHandler(Router router, int maxBodyBytes, int maxUriBytes, ObjectMapper mapper, ErrorRenderer errors,
                    RequestMetrics metrics) {
        this.router = router;
        this.maxBodyBytes = maxBodyBytes;
        this.maxUriBytes = maxUriBytes;
        this.mapper = mapper;
        this.writer = new ResponseWriter(mapper, errors);
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        // Methods are case-sensitive (RFC 9110): "get" is not GET, and gets a 405 like any unknown method.
        String method = request.getMethod();
        String path = Request.getPathInContext(request);
        String routeName = RequestMetrics.UNMATCHED;
        HttpResponse out;
        try {
            // Jetty answers 414 to a request line over the head limit, but its parser has been seen letting one
            // through (a query over the limit answered by the route: 404): the limit is enforced here too.
            String pathQuery = request.getHttpURI().getPathQuery();
            if (pathQuery != null && pathQuery.length() > maxUriBytes) {
                throw new ProblemException(Problem.of(414, "the request URI is longer than " + maxUriBytes + " bytes"));
            }
            RouteMatch match = router.match(method, path);
            out = switch (match) {
                case RouteMatch.NotFound nf -> HttpResponse.problem(Problem.of(404, "no such path: " + HttpRequest.echo(path)));
                case RouteMatch.MethodNotAllowed mna -> HttpResponse.problem(
                                Problem.of(405, "method " + method + " is not allowed here").with("allowed", mna.allowed().stream().sorted().toList()))
                        .withHeader(HttpHeader.ALLOW.asString(), String.join(", ", mna.allowed().stream().sorted().toList()));
                case RouteMatch.Found found -> {
                    routeName = found.route().path().text();
                    byte[] body = readBody(request);
                    yield found.route().handler().handle(
                            new HttpRequest(method, path, request.getHttpURI().getQuery(), found.pathParams(), request.getHeaders(), body, mapper));
                }
            };
        } catch (BodyTooLarge e) {
            out = HttpResponse.problem(Problem.of(413, "request body exceeds " + maxBodyBytes + " bytes")
                    .with("max_bytes", maxBodyBytes));
            if (!e.drained) {
                // the unread rest of the body makes the connection unusable: tell the client
                out = out.withHeader(HttpHeader.CONNECTION.asString(), "close");
            }
        } catch (ProblemException e) {
            out = HttpResponse.problem(e.problem());
        } catch (Exception e) {
            LOG.error("unexpected failure handling {} {}", method, routeName, e);
            out = HttpResponse.problem(Problem.of(500, "unexpected server error"));
        }
        int status = writer.write(out, response, callback);
        metrics.record(method, routeName, status, System.nanoTime() - start);
        return true;
    }

    private byte[] readBody(Request request) {
        long declared = request.getLength();
        if (declared == 0) {
            return NO_BODY;
        }
        if (declared > (long) maxBodyBytes + DRAINED_EXCESS_BYTES) {
            throw new BodyTooLarge(false);
        }
        // Chunked bodies have no declared length: read at most one byte past the limit.
        try (InputStream in = Request.asInputStream(request)) {
            byte[] bytes = in.readNBytes(maxBodyBytes + 1);
            if (bytes.length > maxBodyBytes) {
                throw new BodyTooLarge(drain(in));
            }
            return bytes;
        } catch (IOException e) {
            throw ProblemException.badRequest("unreadable request body");
        }
    }

    /** Reads and discards the rest of a body, at most {@link #DRAINED_EXCESS_BYTES}; true when it ended within them. */
    private static boolean drain(InputStream in) throws IOException {
        byte[] sink = new byte[8192];
        long left = DRAINED_EXCESS_BYTES;
        while (left > 0) {
            int n = in.read(sink, 0, (int) Math.min(sink.length, left));
            if (n < 0) {
                return true;
            }
            left -= n;
        }
        return in.read() < 0;
    }

    /** An over-limit body; {@code drained} when all of it was read, so the connection can serve another request. */
    private static final class BodyTooLarge extends RuntimeException {
        private final boolean drained;

        BodyTooLarge(boolean drained) {
            super(null, null, false, false);
            this.drained = drained;
        }
    }
}
