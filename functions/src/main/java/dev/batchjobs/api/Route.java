package dev.batchjobs.api;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One route of the API: a method and a path whose {@code {id}} segment is captured. */
enum Route {
    CREATE_JOB("POST", "/v2/core/batch_jobs"),
    LIST_JOBS("GET", "/v2/core/batch_jobs"),
    RETRIEVE_JOB("GET", "/v2/core/batch_jobs/{id}"),
    UPDATE_JOB("POST", "/v2/core/batch_jobs/{id}"),
    CANCEL_JOB("POST", "/v2/core/batch_jobs/{id}/cancel"),
    LIST_JOB_FAILURES("GET", "/v2/core/batch_jobs/{id}/failures"),
    PAUSE_JOB("POST", "/v2/core/batch_jobs/{id}/pause"),
    RESUME_JOB("POST", "/v2/core/batch_jobs/{id}/resume"),
    RETRY_JOB("POST", "/v2/core/batch_jobs/{id}/retry"),
    JOB_RESULTS("GET", "/v2/core/batch_jobs/{id}/results"),
    CREATE_DESTINATION("POST", "/v2/core/event_destinations"),
    LIST_DESTINATIONS("GET", "/v2/core/event_destinations"),
    RETRIEVE_DESTINATION("GET", "/v2/core/event_destinations/{id}"),
    UPDATE_DESTINATION("POST", "/v2/core/event_destinations/{id}"),
    DELETE_DESTINATION("DELETE", "/v2/core/event_destinations/{id}"),
    ENABLE_DESTINATION("POST", "/v2/core/event_destinations/{id}/enable"),
    DISABLE_DESTINATION("POST", "/v2/core/event_destinations/{id}/disable"),
    ROTATE_DESTINATION_SECRET("POST", "/v2/core/event_destinations/{id}/rotate_secret"),
    PING_DESTINATION("POST", "/v2/core/event_destinations/{id}/ping"),
    LIST_EVENTS("GET", "/v2/core/events"),
    RETRIEVE_EVENT("GET", "/v2/core/events/{id}");

    private final String method;
    private final String template;
    private final Pattern pattern;

    Route(String method, String template) {
        this.method = method;
        this.template = template;
        this.pattern = Pattern.compile("^" + template.replace("{id}", "(?<id>[^/]+)") + "/?$");
    }

    String method() {
        return method;
    }

    /** The route key as API Gateway spells it, e.g. {@code POST /v2/core/batch_jobs/{id}/cancel}. */
    String routeKey() {
        return method + " " + template;
    }

    /** The captured {@code {id}} when the path matches (empty string for routes without one). */
    Optional<String> match(String path) {
        Matcher matcher = pattern.matcher(path);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(template.contains("{id}") ? matcher.group("id") : "");
    }
}
