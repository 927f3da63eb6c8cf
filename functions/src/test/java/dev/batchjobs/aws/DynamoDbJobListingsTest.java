package dev.batchjobs.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.AccountScope;
import dev.batchjobs.domain.JobPage;
import dev.batchjobs.domain.JobQuery;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.PageCursor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** How much of an account's history one filtered page may read; the listing's results are the contract's. */
class DynamoDbJobListingsTest {
    private static final AccountScope SCOPE = AccountScope.test("acct_long_history");

    @Test
    void aRareStatusIsSearchedInLargeStepsAndAPageStopsAtItsReadBound() {
        HistoryWithoutMatches dynamoDb = new HistoryWithoutMatches();
        DynamoDbJobListings listings = new DynamoDbJobListings(
                new JobsTable(dynamoDb, "jobs"), new MeteroidCounters(new JobsTable(dynamoDb, "jobs")));

        JobPage page = listings.list(SCOPE, new JobQuery(Set.of(JobStatus.BATCH_FAILED), 10, Optional.empty()));

        assertThat(dynamoDb.limits)
                .allSatisfy(limit -> assertThat(limit).isEqualTo(DynamoDbJobListings.FILTERED_READ_BATCH));
        assertThat(dynamoDb.limits)
                .hasSize(DynamoDbJobListings.MAX_READ_PER_PAGE / DynamoDbJobListings.FILTERED_READ_BATCH);
        assertThat(page.jobs()).isEmpty();
        PageCursor.TimeAndId resumeAfter = PageCursor.decodeAfter(
                PageCursor.JOBS, page.nextCursor().orElseThrow(), Pattern.compile("[A-Za-z0-9_]+"));
        assertThat(resumeAfter.id()).isEqualTo(dynamoDb.lastId());
        assertThat(resumeAfter.created()).isEqualTo(dynamoDb.lastCreated());
    }

    @Test
    void anUnfilteredPageReadsOnlyOneMoreThanItShows() {
        HistoryWithoutMatches dynamoDb = new HistoryWithoutMatches();
        DynamoDbJobListings listings = new DynamoDbJobListings(
                new JobsTable(dynamoDb, "jobs"), new MeteroidCounters(new JobsTable(dynamoDb, "jobs")));

        listings.list(SCOPE, new JobQuery(Set.of(), 10, Optional.empty()));

        assertThat(dynamoDb.limits.get(0)).isEqualTo(11);
    }

    /** An endless history in which the filter matches nothing: every page read, none kept. */
    private static final class HistoryWithoutMatches implements DynamoDbClient {
        final List<Integer> limits = new ArrayList<>();
        private Instant created = Instant.parse("2026-12-01T00:00:00Z");
        private String id;

        @Override
        public QueryResponse query(QueryRequest request) {
            limits.add(request.limit());
            created = created.minusSeconds(request.limit());
            id = "batchjob_" + limits.size();
            Map<String, AttributeValue> last = Map.of(
                    JobItems.PK, AttributeValues.s(id),
                    JobItems.ACCOUNT_ID, AttributeValues.s(ScopeKeys.of(SCOPE)),
                    JobItems.LIST_KEY, AttributeValues.s(JobItems.listKey(created, id)));
            return QueryResponse.builder()
                    .items(List.of())
                    .scannedCount(request.limit())
                    .lastEvaluatedKey(last)
                    .build();
        }

        String lastId() {
            return id;
        }

        Instant lastCreated() {
            return created;
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {}
    }
}
