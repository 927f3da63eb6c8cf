package dev.batchjobs.aws;

import static dev.batchjobs.aws.AttributeValues.n;
import static dev.batchjobs.aws.AttributeValues.num;
import static dev.batchjobs.aws.AttributeValues.s;

import dev.batchjobs.domain.target.TargetLeaseStore;
import dev.batchjobs.domain.target.TargetLeases;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The target leases table: one item per target ({@code target} = host), its leases as a map by job id, replaced
 * whole with a PutItem conditional on {@code version}. An item nobody renewed for an hour expires (TTL). The worker
 * needs only GetItem and PutItem on this table.
 */
public final class DynamoDbTargetLeaseStore implements TargetLeaseStore {
    static final String TARGET = "target";
    static final String VERSION = "version";
    static final String LEASES = "leases";
    static final String EXPIRES_AT_EPOCH = "expires_at_epoch";
    static final String DEMAND = "demand";
    static final String RATE = "rate";
    static final String UNTIL = "until";
    static final String PEAK = "peak";
    static final String PEAK_UNTIL = "peak_until";
    private static final Duration KEEP = Duration.ofHours(1);

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbTargetLeaseStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public TargetLeases read(String target) {
        Map<String, AttributeValue> item = dynamoDb.getItem(
                        b -> b.tableName(table).key(Map.of(TARGET, s(target))).consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return TargetLeases.NONE;
        }
        Map<String, TargetLeases.Lease> leases = new HashMap<>();
        item.get(LEASES).m().forEach((jobId, value) -> {
            Map<String, AttributeValue> lease = value.m();
            leases.put(
                    jobId,
                    new TargetLeases.Lease(
                            (int) num(lease, DEMAND),
                            (int) num(lease, RATE),
                            num(lease, UNTIL),
                            (int) num(lease, PEAK),
                            num(lease, PEAK_UNTIL)));
        });
        return new TargetLeases(num(item, VERSION), leases);
    }

    @Override
    public boolean replace(String target, long expectedVersion, TargetLeases next) {
        Map<String, AttributeValue> leases = new HashMap<>();
        next.leases()
                .forEach((jobId, lease) -> leases.put(
                        jobId,
                        AttributeValue.fromM(Map.of(
                                DEMAND, n(lease.demand()),
                                RATE, n(lease.rate()),
                                UNTIL, n(lease.untilMillis()),
                                PEAK, n(lease.peak()),
                                PEAK_UNTIL, n(lease.peakUntilMillis())))));
        long expires = next.leases().values().stream()
                                .mapToLong(TargetLeases.Lease::untilMillis)
                                .max()
                                .orElse(0)
                        / 1000
                + KEEP.toSeconds();
        try {
            dynamoDb.putItem(b -> {
                b.tableName(table)
                        .item(Map.of(
                                TARGET, s(target),
                                VERSION, n(next.version()),
                                LEASES, AttributeValue.fromM(leases),
                                EXPIRES_AT_EPOCH, n(expires)));
                if (expectedVersion == 0) {
                    b.conditionExpression("attribute_not_exists(#target)")
                            .expressionAttributeNames(Map.of("#target", TARGET));
                } else {
                    b.conditionExpression("#version = :expected")
                            .expressionAttributeNames(Map.of("#version", VERSION))
                            .expressionAttributeValues(Map.of(":expected", n(expectedVersion)));
                }
            });
            return true;
        } catch (ConditionalCheckFailedException raced) {
            return false;
        }
    }
}
