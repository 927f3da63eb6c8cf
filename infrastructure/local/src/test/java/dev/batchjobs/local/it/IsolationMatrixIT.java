package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.batchjobs.api.BatchJobsApi;
import dev.batchjobs.local.LocalCloudOptions;
import dev.batchjobs.local.SamTemplate;
import dev.batchjobs.local.it.IsolationWorld.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every route of both surfaces × every caller who must not reach account A's objects (another account, A's other
 * mode, a revoked key, no key, garbled keys) × every kind of id A has (job, chunk, failure list, event, destination,
 * the results and error-file URLs), on the local cloud over real HTTP. Generated from {@link #ROUTES}: a route added to
 * the template and not to the table fails {@code theTableNamesEveryRoute}. Each row asserts the exact status and error
 * code: 401 before anything else without a valid key, 404 {@code resource_missing} / {@code NOT_FOUND} for A's ids
 * (never 403, never 200), and lists without any of A's objects. A's own key is the control: it sees every object.
 */
class IsolationMatrixIT {
    /** What the row's path names. */
    enum Names {
        CREATE,
        LIST,
        JOB,
        DESTINATION,
        EVENT
    }

    /** One request shape: a route of the template, what its {id} is, a query ({job}, {chunk} filled in), a body. */
    record RouteRow(String routeKey, Names names, String query, String body) {
        String method() {
            return routeKey.substring(0, routeKey.indexOf(' '));
        }

        boolean meteroid() {
            return routeKey.contains("/api/v1/");
        }
    }

    static final List<RouteRow> ROUTES = List.of(
            new RouteRow("POST /v2/core/batch_jobs", Names.CREATE, "", IsolationWorld.CREATE_JOB),
            new RouteRow("GET /v2/core/batch_jobs", Names.LIST, "", null),
            new RouteRow("GET /v2/core/batch_jobs", Names.LIST, "?status=complete&limit=100", null),
            new RouteRow("GET /v2/core/batch_jobs/{id}", Names.JOB, "", null),
            new RouteRow("POST /v2/core/batch_jobs/{id}", Names.JOB, "", "{\"metadata\": {\"run\": \"taken\"}}"),
            new RouteRow("POST /v2/core/batch_jobs/{id}/cancel", Names.JOB, "", null),
            new RouteRow("POST /v2/core/batch_jobs/{id}/pause", Names.JOB, "", null),
            new RouteRow("POST /v2/core/batch_jobs/{id}/resume", Names.JOB, "", null),
            new RouteRow("POST /v2/core/batch_jobs/{id}/retry", Names.JOB, "", "{\"only\": \"all\"}"),
            new RouteRow("GET /v2/core/batch_jobs/{id}/results", Names.JOB, "", null),
            new RouteRow("GET /v2/core/batch_jobs/{id}/results", Names.JOB, "?status=failed", null),
            new RouteRow("GET /v2/core/batch_jobs/{id}/failures", Names.JOB, "", null),
            new RouteRow("GET /v2/core/batch_jobs/{id}/failures", Names.JOB, "?chunk_id={chunk}", null),
            new RouteRow("POST /v2/core/event_destinations", Names.CREATE, "", IsolationWorld.CREATE_DESTINATION),
            new RouteRow("GET /v2/core/event_destinations", Names.LIST, "", null),
            new RouteRow("GET /v2/core/event_destinations/{id}", Names.DESTINATION, "", null),
            new RouteRow("POST /v2/core/event_destinations/{id}", Names.DESTINATION, "", "{\"description\": \"mine\"}"),
            new RouteRow("DELETE /v2/core/event_destinations/{id}", Names.DESTINATION, "", null),
            new RouteRow("POST /v2/core/event_destinations/{id}/enable", Names.DESTINATION, "", null),
            new RouteRow("POST /v2/core/event_destinations/{id}/disable", Names.DESTINATION, "", null),
            new RouteRow("POST /v2/core/event_destinations/{id}/rotate_secret", Names.DESTINATION, "", null),
            new RouteRow("POST /v2/core/event_destinations/{id}/ping", Names.DESTINATION, "", null),
            new RouteRow("GET /v2/core/events", Names.LIST, "", null),
            new RouteRow("GET /v2/core/events", Names.LIST, "?object_id={job}", null),
            new RouteRow("GET /v2/core/events/{id}", Names.EVENT, "", null),
            new RouteRow("GET /api/v1/batch-jobs", Names.LIST, "", null),
            new RouteRow("GET /api/v1/batch-jobs", Names.LIST, "?job_type=CUSTOMER_CSV_IMPORT&per_page=100", null),
            new RouteRow("GET /api/v1/batch-jobs/{batch_job_id}/failures", Names.JOB, "", null),
            new RouteRow("GET /api/v1/batch-jobs/{batch_job_id}/failures", Names.JOB, "?chunk_id={chunk}", null));

    /** Who calls: the Authorization header, and for the unauthenticated ones the code a 401 must carry. */
    record Caller(String name, Function<IsolationWorld, String> authorization, String unauthenticatedCode) {
        boolean authenticated() {
            return unauthenticatedCode == null;
        }
    }

    static final List<Caller> INTRUDERS = List.of(
            new Caller("other account", w -> "Bearer " + w.b.key(), null),
            new Caller("other mode (sk_live_ of A)", w -> "Bearer " + w.aLiveKey, null),
            new Caller("revoked key of A", w -> "Bearer " + w.aRevokedKey, "api_key_invalid"),
            new Caller("no key", w -> null, "api_key_missing"),
            new Caller("garbled key (bad shape)", w -> "Bearer sk_test_" + "%%%", "api_key_invalid"),
            new Caller("garbled key (one character off)", w -> "Bearer " + flip(w.a.key()), "api_key_invalid"),
            new Caller(
                    "garbled key (live prefix on A's test secret)",
                    w -> "Bearer " + w.a.key().replace("sk_test_", "sk_live_"),
                    "api_key_invalid"),
            new Caller("garbled header (no scheme)", w -> w.a.key(), "api_key_missing"));

    private static final AtomicInteger DENIED = new AtomicInteger();
    private static final AtomicInteger ROWS = new AtomicInteger();
    private static final AtomicInteger ALLOWED_CONTROLS = new AtomicInteger();

    @AfterAll
    static void report() {
        System.out.printf(
                "Isolation matrix: %d rows (%d routes x %d intruders + controls), %d requests denied, %d owner controls%n",
                ROWS.get(), ROUTES.size(), INTRUDERS.size(), DENIED.get(), ALLOWED_CONTROLS.get());
    }

    private static String flip(String key) {
        char last = key.charAt(key.length() - 1);
        return key.substring(0, key.length() - 1) + (last == 'a' ? 'b' : 'a');
    }

    private static String path(RouteRow row, IsolationWorld.Owned owner) {
        String id = switch (row.names()) {
            case JOB -> owner.job();
            case DESTINATION -> owner.destination();
            case EVENT -> owner.event();
            case CREATE, LIST -> "";
        };
        String template = row.routeKey().substring(row.routeKey().indexOf(' ') + 1);
        return template.replace("{id}", id).replace("{batch_job_id}", id)
                + row.query().replace("{job}", owner.job()).replace("{chunk}", owner.chunk());
    }

    private static Reply send(IsolationWorld world, RouteRow row, String authorization) throws Exception {
        String path = path(row, world.a);
        return row.names() == Names.CREATE && row.routeKey().endsWith("batch_jobs")
                ? world.raw(
                        row.method(),
                        path,
                        authorization,
                        row.body(),
                        "Idempotency-Key",
                        IsolationWorld.IDEMPOTENCY_KEY)
                : world.raw(row.method(), path, authorization, row.body());
    }

    /** A's ids and account, none of which may appear in what an intruder gets back. */
    private static List<String> secretsOf(IsolationWorld.Owned a, Caller caller) {
        // A's live world is the same account: its own objects' keys name it, and that is no leak.
        return caller.name().startsWith("other mode")
                ? List.of(a.job(), a.destination(), a.event(), a.chunk())
                : List.of(a.account(), a.job(), a.destination(), a.event(), a.chunk());
    }

    /** What A's own key must find in the answer: the object the row names, or lists it. */
    private static String controlId(RouteRow row, IsolationWorld.Owned a) {
        if (row.names() == Names.DESTINATION || row.routeKey().endsWith("event_destinations")) {
            return a.destination();
        }
        if (row.names() == Names.EVENT) {
            return a.event();
        }
        return row.routeKey().endsWith("failures") ? a.chunk() : a.job();
    }

    private static void assertDenied(IsolationWorld world, RouteRow row, Caller caller, Reply reply) {
        String code = row.meteroid()
                ? reply.body().path("code").asText()
                : reply.body().at("/error/code").asText();
        if (!caller.authenticated()) {
            assertThat(reply.status()).as(reply.raw()).isEqualTo(401);
            assertThat(code).isEqualTo(row.meteroid() ? "UNAUTHORIZED" : caller.unauthenticatedCode());
            DENIED.incrementAndGet();
        } else if (row.names() == Names.LIST) {
            assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
            assertThat(reply.body().get("data").isArray()).isTrue();
        } else if (row.names() == Names.CREATE) {
            assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
            assertThat(reply.body().get("id").asText()).isNotIn(world.a.job(), world.a.destination());
            assertThat(reply.body().path("livemode").asBoolean())
                    .isEqualTo(caller.name().contains("live"));
        } else {
            assertThat(reply.status()).as(reply.raw()).isEqualTo(404);
            assertThat(code).isEqualTo(row.meteroid() ? "NOT_FOUND" : "resource_missing");
            assertThat(reply.raw()).doesNotContain(world.a.account());
            DENIED.incrementAndGet();
        }
        if (row.names() != Names.JOB && row.names() != Names.DESTINATION && row.names() != Names.EVENT) {
            assertThat(reply.raw()).doesNotContain(secretsOf(world.a, caller));
        }
    }

    @TestFactory
    List<DynamicTest> nobodyButTheOwnerReachesAnAccountsObjects() throws Exception {
        IsolationWorld world = new IsolationWorld();
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(dynamicTest("the table names every route of the template and of the api package", () -> {
            TreeSet<String> inTable =
                    ROUTES.stream().map(RouteRow::routeKey).collect(Collectors.toCollection(TreeSet::new));
            TreeSet<String> inTemplate =
                    SamTemplate.load(LocalCloudOptions.findTemplate(Path.of("")), "batchjobs", Map.of())
                            .functions()
                            .stream()
                            .flatMap(f -> f.httpRoutes().stream())
                            .filter(r -> r.path().isPresent() && r.path().get().startsWith("/v2/")
                                    || r.path().isPresent() && r.path().get().startsWith("/api/"))
                            .map(r -> r.method() + " " + r.path().get())
                            .collect(Collectors.toCollection(TreeSet::new));
            // The keyless routes (/healthz, /openapi.yaml, the dashboard's static files) hold no account's data:
            // PublicResourcesTest and DashboardResourcesTest hold them.
            TreeSet<String> inApi = BatchJobsApi.routeKeys().stream()
                    .filter(key -> key.contains(" /v2/") || key.contains(" /api/"))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(inTable).isEqualTo(inTemplate).isEqualTo(inApi);
        }));
        for (RouteRow row : ROUTES) {
            if (row.method().equals("GET")) {
                tests.add(dynamicTest("owner (control): " + row.routeKey() + row.query(), () -> {
                    Reply reply = send(world, row, "Bearer " + world.a.key());
                    assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
                    assertThat(reply.raw()).contains(controlId(row, world.a));
                    ALLOWED_CONTROLS.incrementAndGet();
                }));
            }
        }
        for (Caller caller : INTRUDERS) {
            for (RouteRow row : ROUTES) {
                tests.add(dynamicTest(caller.name() + ": " + row.routeKey() + row.query(), () -> {
                    ROWS.incrementAndGet();
                    assertDenied(
                            world,
                            row,
                            caller,
                            send(world, row, caller.authorization().apply(world)));
                }));
            }
        }
        tests.add(dynamicTest("A's chunk id on B's own job is a bad chunk_id, not a way in", () -> {
            for (String path : List.of(
                    "/v2/core/batch_jobs/" + world.b.job() + "/failures?chunk_id=" + world.a.chunk(),
                    "/api/v1/batch-jobs/" + world.b.job() + "/failures?chunk_id=" + world.a.chunk())) {
                Reply reply = world.call("GET", path, world.b.key(), null);
                assertThat(reply.status()).as(reply.raw()).isEqualTo(400);
                assertThat(
                                path.startsWith("/api/")
                                        ? reply.body().path("code").asText()
                                        : reply.body().at("/error/code").asText())
                        .isEqualTo(path.startsWith("/api/") ? "BAD_REQUEST" : "parameter_invalid");
                assertThat(reply.raw()).doesNotContain(world.a.account());
                DENIED.incrementAndGet();
            }
        }));
        tests.add(dynamicTest("a download URL of A's cannot be made from one of B's", () -> {
            assertThat(IsolationWorld.get(world.a.outputUrl())).isEqualTo(200);
            assertThat(IsolationWorld.get(world.a.errorFileUrl())).isEqualTo(200);
            String bPrefix = world.b.account() + "/" + world.b.job();
            String aPrefix = world.a.account() + "/" + world.a.job();
            for (String url : List.of(world.b.outputUrl(), world.b.errorFileUrl())) {
                assertThat(url).contains(bPrefix);
                assertThat(IsolationWorld.get(url.replace(bPrefix, aPrefix))).isEqualTo(403);
                DENIED.incrementAndGet();
            }
        }));
        tests.add(dynamicTest("after every intruder's attempt A's objects are as they were", () -> {
            Reply job = world.call("GET", "/v2/core/batch_jobs/" + world.a.job(), world.a.key(), null);
            assertThat(job.body().get("status").asText()).isEqualTo("complete");
            assertThat(job.body().at("/metadata/run").asText()).isEqualTo("isolation");
            Reply destination =
                    world.call("GET", "/v2/core/event_destinations/" + world.a.destination(), world.a.key(), null);
            assertThat(destination.status()).as(destination.raw()).isEqualTo(200);
            assertThat(destination.body().get("status").asText()).isEqualTo("enabled");
            assertThat(destination.body().path("description").asText()).isNotEqualTo("mine");
            Reply live = world.call("GET", "/v2/core/batch_jobs", world.aLiveKey, null);
            assertThat(live.raw()).doesNotContain(world.a.job());
        }));
        return tests;
    }
}
