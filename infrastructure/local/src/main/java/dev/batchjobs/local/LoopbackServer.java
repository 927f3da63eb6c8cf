package dev.batchjobs.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP server on 127.0.0.1, as every endpoint of the local cloud runs one: bound to a port (0 picks a free
 * one), its handlers on a pool of daemon threads (or, with no pool, on the server's own thread), each
 * exchange closed once its handler returns, and stopped at once. Also how a handler reads a request body
 * and writes a response, so no endpoint has its own copy.
 */
public final class LoopbackServer implements AutoCloseable {
    /** What serves a path: the exchange is closed after it returns. */
    @FunctionalInterface
    public interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private LoopbackServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds, without serving yet: add the handlers with {@link #handle}, then {@link #start}.
     *
     * @param threads how many daemon threads named {@code threadName} run the handlers; 0 runs them on the
     *                server's own dispatch thread, one at a time
     */
    public static LoopbackServer bind(int port, int backlog, int threads, String threadName) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
        ExecutorService executor = null;
        if (threads > 0) {
            executor = Executors.newFixedThreadPool(threads, r -> {
                Thread thread = new Thread(r, threadName);
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(executor);
        }
        return new LoopbackServer(server, executor);
    }

    /** Serves the requests under {@code path} (the longest matching path wins). */
    public LoopbackServer handle(String path, Handler handler) {
        server.createContext(path, exchange -> {
            try (exchange) {
                handler.handle(exchange);
            }
        });
        return this;
    }

    public LoopbackServer start() {
        server.start();
        return this;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The whole request body. */
    public static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    /** At most {@code limit} bytes of the request body: more than {@code limit - 1} means it is too large. */
    public static byte[] readBody(HttpExchange exchange, int limit) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readNBytes(limit);
        }
    }

    /** A response: the headers set, and the body with its length (none when empty). */
    public static void respond(HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** A text response of one content type, in UTF-8. */
    public static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        respond(exchange, status, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.stop(0);
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
