package dev.batchjobs.aws;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Building and reading the attribute values every item mapper uses. Knows no attribute name: each table's
 * mapper ({@link JobItems}, {@link ChunkItems}, {@link EventItems}, ...) owns its own.
 */
final class AttributeValues {
    private AttributeValues() {}

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static AttributeValue bool(boolean value) {
        return AttributeValue.fromBool(value);
    }

    /** A timestamp as fixed-width text ({@link Timestamps}), so that it sorts in time order. */
    static AttributeValue time(Instant value) {
        return s(Timestamps.format(value));
    }

    static AttributeValue strings(List<String> values) {
        return AttributeValue.fromL(values.stream().map(AttributeValues::s).toList());
    }

    static AttributeValue stringMap(Map<String, String> values) {
        return AttributeValue.fromM(
                values.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> s(e.getValue()))));
    }

    static String text(Map<String, AttributeValue> item, String name) {
        return item.get(name).s();
    }

    /** The text of an attribute an item may lack; null when it does. */
    static String optionalText(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? item.get(name).s() : null;
    }

    static long num(Map<String, AttributeValue> item, String name) {
        return Long.parseLong(item.get(name).n());
    }

    static Instant instant(Map<String, AttributeValue> item, String name) {
        return Instant.parse(item.get(name).s());
    }

    /** The instant of an attribute an item may lack; null when it does. */
    static Instant optionalInstant(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? instant(item, name) : null;
    }

    static List<String> stringList(Map<String, AttributeValue> item, String name) {
        return item.get(name).l().stream().map(AttributeValue::s).toList();
    }

    static Map<String, String> stringMap(Map<String, AttributeValue> item, String name) {
        return item.get(name).m().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().s()));
    }

    /** Where the next page of a query starts, or null after its last page. */
    static Map<String, AttributeValue> nextStartKey(QueryResponse response) {
        return response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? response.lastEvaluatedKey()
                : null;
    }

    /** An item as read, or null when there is none (the SDK returns an empty map for a missing item). */
    static Map<String, AttributeValue> present(Map<String, AttributeValue> item) {
        return item == null || item.isEmpty() ? null : item;
    }
}
