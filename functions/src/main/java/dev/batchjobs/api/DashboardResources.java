package dev.batchjobs.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard: {@code GET /dashboard} (the page) and {@code GET /dashboard/{asset}} (its script and style sheet),
 * static files from the jar's {@code dashboard/} folder, served without a key because they hold no data. The page
 * asks for an API key, keeps it in the tab's sessionStorage, and calls the JSON API with it as a bearer token, so the
 * API's own authentication decides what it shows. Every answer carries a strict Content-Security-Policy (scripts,
 * styles and fetches from this origin only, no inline script, no framing) and {@code nosniff}.
 */
final class DashboardResources {
    static final String PAGE = "/dashboard";
    static final String ASSET_PREFIX = PAGE + "/";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " connect-src 'self'; img-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
    private static final Map<String, Asset> ASSETS = Map.of(
            "", Asset.load("index.html", "text/html; charset=utf-8"),
            "app.js", Asset.load("app.js", "text/javascript; charset=utf-8"),
            "views.js", Asset.load("views.js", "text/javascript; charset=utf-8"),
            "style.css", Asset.load("style.css", "text/css; charset=utf-8"),
            "favicon.svg", Asset.load("favicon.svg", "image/svg+xml"));

    private record Asset(String contentType, String body) {
        static Asset load(String name, String contentType) {
            try (InputStream in = DashboardResources.class.getResourceAsStream("/dashboard/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("dashboard/" + name + " is missing from the jar");
                }
                return new Asset(contentType, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private DashboardResources() {}

    static List<String> routeKeys() {
        return List.of("GET " + PAGE, "GET " + ASSET_PREFIX + "{asset}");
    }

    /** The page or one of its assets for a GET of it; empty otherwise (an unknown asset goes on to the API). */
    static Optional<ApiResponse> serve(ApiRequest request, String requestId) {
        if (!request.method().equals("GET")) {
            return Optional.empty();
        }
        String path = request.path();
        String name;
        if (path.equals(PAGE)) {
            name = "";
        } else if (path.startsWith(ASSET_PREFIX)
                && !path.substring(ASSET_PREFIX.length()).isEmpty()) {
            name = path.substring(ASSET_PREFIX.length());
        } else {
            return Optional.empty();
        }
        Asset asset = ASSETS.get(name);
        if (asset == null) {
            return Optional.empty();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", asset.contentType());
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Cache-Control", "no-cache");
        headers.put("Request-Id", requestId);
        return Optional.of(new ApiResponse(200, headers, asset.body()));
    }
}
