package dev.batchjobs.api;

import dev.batchjobs.domain.InvalidParameterException;
import dev.batchjobs.domain.JobLimits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The query parameters of one request, read and validated the same way on both surfaces: unknown names
 * rejected, each parameter given at most once, integers within a range, comma-separated sets of an enum.
 */
final class QueryParams {
    private final Map<String, List<String>> values;

    private QueryParams(Map<String, List<String>> values) {
        this.values = values;
    }

    static QueryParams of(ApiRequest request) {
        return new QueryParams(request.query());
    }

    /** Rejects a parameter not in {@code known} as Stripe does: {@code parameter_unknown}. */
    QueryParams only(Set<String> known) {
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw InvalidParameterException.unknown(name);
            }
        }
        return this;
    }

    /** Rejects a parameter not in {@code known} as Meteroid does: an invalid parameter, naming the expected ones. */
    QueryParams onlyNamingExpected(Set<String> known) {
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw InvalidParameterException.invalid(
                        name,
                        "unknown query parameter; expected one of "
                                + String.join(", ", known.stream().sorted().toList()));
            }
        }
        return this;
    }

    /** Rejects any parameter: for routes that take none. */
    void none() {
        values.keySet().stream().findFirst().ifPresent(name -> {
            throw InvalidParameterException.unknown(name);
        });
    }

    /** The parameter's one value, if given; given more than once, it is invalid. */
    Optional<String> single(String name) {
        List<String> given = values.get(name);
        if (given == null || given.isEmpty()) {
            return Optional.empty();
        }
        if (given.size() > 1) {
            throw InvalidParameterException.invalid(name, "expected one value, received " + given.size());
        }
        return Optional.of(given.get(0));
    }

    /** Every value of a repeatable parameter, each a comma-separated list; empty when absent, blanks refused. */
    List<String> list(String name) {
        List<String> items = new ArrayList<>();
        for (String value : values.getOrDefault(name, List.of())) {
            for (String item : value.split(",", -1)) {
                if (item.isBlank()) {
                    throw InvalidParameterException.invalid(name, "expected a value, received an empty one");
                }
                items.add(item.trim());
            }
        }
        return items;
    }

    /** Stripe's page size: {@code limit} within {@link JobLimits}' range, taken exactly as sent. */
    int limit() {
        return integer(
                "limit", JobLimits.DEFAULT_LIST_LIMIT, JobLimits.MIN_LIST_LIMIT, JobLimits.MAX_LIST_LIMIT, false);
    }

    /** An integer from {@code min} to {@code max}, blanks around it ignored, or {@code fallback} when absent. */
    int integer(String name, int fallback, int min, int max) {
        return integer(name, fallback, min, max, true);
    }

    private int integer(String name, int fallback, int min, int max, boolean trim) {
        Optional<String> text = single(name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(trim ? text.get().trim() : text.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the expected range
        }
        throw InvalidParameterException.invalid(
                name, "expected an integer from " + min + " to " + max + ", received '" + text.get() + "'");
    }

    /**
     * The constants named by every value of the parameter, each a comma-separated list of their spellings;
     * empty when the parameter is absent.
     */
    <E extends Enum<E>> Set<E> enums(String name, Class<E> type, Function<E, String> spelling) {
        E[] constants = type.getEnumConstants();
        Set<E> chosen = EnumSet.noneOf(type);
        for (String value : values.getOrDefault(name, List.of())) {
            for (String item : value.split(",")) {
                chosen.add(Arrays.stream(constants)
                        .filter(c -> spelling.apply(c).equals(item.trim()))
                        .findFirst()
                        .orElseThrow(() -> InvalidParameterException.invalid(
                                name,
                                "expected one of "
                                        + Arrays.stream(constants).map(spelling).collect(Collectors.joining(", "))
                                        + ", received '" + item + "'")));
            }
        }
        return chosen;
    }
}
