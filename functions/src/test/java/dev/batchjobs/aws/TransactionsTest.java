package dev.batchjobs.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

class TransactionsTest {
    private static final List<TransactWriteItem> ITEMS = List.of(
            TransactWriteItem.builder()
                    .put(Put.builder().tableName("jobs").build())
                    .build(),
            TransactWriteItem.builder()
                    .put(Put.builder().tableName("events").build())
                    .build());

    private final List<Duration> pauses = new ArrayList<>();

    @Test
    void aTransactionCancelledByAnotherTransactionRunsAgainUntilItCommits() {
        ScriptedDynamoDb dynamoDb = new ScriptedDynamoDb(
                cancelled("None", "TransactionConflict"), cancelled("TransactionConflict", "None"));

        Transactions.write(dynamoDb, ITEMS, pauses::add);

        assertThat(dynamoDb.calls).isEqualTo(3);
        assertThat(dynamoDb.lastItems).isEqualTo(ITEMS);
        assertThat(pauses).hasSize(2).allSatisfy(pause -> assertThat(pause).isPositive());
        assertThat(pauses.get(1)).isLessThanOrEqualTo(Duration.ofMillis(50));
    }

    @Test
    void aThrottledPartitionIsRetriedLikeAConflict() {
        ScriptedDynamoDb dynamoDb = new ScriptedDynamoDb(cancelled("ThrottlingError", "None"));

        Transactions.write(dynamoDb, ITEMS, pauses::add);

        assertThat(dynamoDb.calls).isEqualTo(2);
    }

    @Test
    void aLostRaceIsNeverRetriedEvenWhenAnotherItemConflicted() {
        TransactionCanceledException lost = cancelled("ConditionalCheckFailed", "TransactionConflict");
        ScriptedDynamoDb dynamoDb = new ScriptedDynamoDb(lost);

        assertThatThrownBy(() -> Transactions.write(dynamoDb, ITEMS, pauses::add))
                .isSameAs(lost);
        assertThat(dynamoDb.calls).isEqualTo(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void persistentContentionGivesUpAfterTheLastAttemptWithTheLastCause() {
        TransactionCanceledException[] always = new TransactionCanceledException[Transactions.ATTEMPTS];
        Arrays.setAll(always, i -> cancelled("TransactionConflict"));
        ScriptedDynamoDb dynamoDb = new ScriptedDynamoDb(always);

        assertThatThrownBy(() -> Transactions.write(dynamoDb, ITEMS, pauses::add))
                .isSameAs(always[Transactions.ATTEMPTS - 1]);
        assertThat(dynamoDb.calls).isEqualTo(Transactions.ATTEMPTS);
        assertThat(pauses).hasSize(Transactions.ATTEMPTS - 1);
        assertThat(pauses).allSatisfy(pause -> assertThat(pause).isLessThanOrEqualTo(Duration.ofMillis(800)));
    }

    @Test
    void aCancelWithoutReasonsIsNotMistakenForContention() {
        TransactionCanceledException bare =
                TransactionCanceledException.builder().message("cancelled").build();
        ScriptedDynamoDb dynamoDb = new ScriptedDynamoDb(bare);

        assertThatThrownBy(() -> Transactions.write(dynamoDb, ITEMS, pauses::add))
                .isSameAs(bare);
        assertThat(dynamoDb.calls).isEqualTo(1);
    }

    @Test
    void anInterruptedBackoffStopsAndKeepsTheInterrupt() {
        TransactionCanceledException conflict = cancelled("TransactionConflict");
        ScriptedDynamoDb dynamoDb = new ScriptedDynamoDb(conflict);

        assertThatThrownBy(() -> Transactions.write(dynamoDb, ITEMS, pause -> {
                    throw new InterruptedException();
                }))
                .isSameAs(conflict);
        assertThat(Thread.interrupted()).isTrue();
        assertThat(dynamoDb.calls).isEqualTo(1);
    }

    private static TransactionCanceledException cancelled(String... codes) {
        return TransactionCanceledException.builder()
                .message("Transaction cancelled")
                .cancellationReasons(Arrays.stream(codes)
                        .map(code -> CancellationReason.builder().code(code).build())
                        .toList())
                .build();
    }

    /** Throws the scripted cancellations in order, then commits. */
    private static final class ScriptedDynamoDb implements DynamoDbClient {
        private final Deque<TransactionCanceledException> failures;
        int calls;
        List<TransactWriteItem> lastItems;

        ScriptedDynamoDb(TransactionCanceledException... failures) {
            this.failures = new ArrayDeque<>(List.of(failures));
        }

        @Override
        public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
            calls++;
            lastItems = request.transactItems();
            if (!failures.isEmpty()) {
                throw failures.poll();
            }
            return TransactWriteItemsResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {}
    }
}
