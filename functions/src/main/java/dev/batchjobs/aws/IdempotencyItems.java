package dev.batchjobs.aws;

import static dev.batchjobs.aws.AttributeValues.n;
import static dev.batchjobs.aws.AttributeValues.num;
import static dev.batchjobs.aws.AttributeValues.s;
import static dev.batchjobs.aws.AttributeValues.text;

import dev.batchjobs.domain.AccountScope;
import dev.batchjobs.domain.Hashing;
import dev.batchjobs.domain.IdempotencyClaim;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An idempotency claim as an item of the jobs table: keyed by its scope and a hash of the caller's key (the key
 * itself is never stored), expiring by TTL.
 */
final class IdempotencyItems {
    static final String TYPE_IDEMPOTENCY = "idempotency";
    static final String FINGERPRINT = "fingerprint";
    static final String EXPIRES_AT_EPOCH = "expires_at_epoch";

    private IdempotencyItems() {}

    static String claimKey(AccountScope scope, String key) {
        return "idem#" + ScopeKeys.of(scope) + "#" + Hashing.sha256Hex(key);
    }

    static Map<String, AttributeValue> toItem(IdempotencyClaim claim) {
        return Map.of(
                JobItems.PK,
                s(claimKey(claim.scope(), claim.key())),
                JobItems.TYPE,
                s(TYPE_IDEMPOTENCY),
                FINGERPRINT,
                s(claim.fingerprint()),
                JobItems.JOB_ID,
                s(claim.jobId()),
                EXPIRES_AT_EPOCH,
                n(claim.expiresAt().getEpochSecond()));
    }

    static IdempotencyClaim toClaim(AccountScope scope, String key, Map<String, AttributeValue> item) {
        return new IdempotencyClaim(
                scope,
                key,
                text(item, FINGERPRINT),
                text(item, JobItems.JOB_ID),
                Instant.ofEpochSecond(num(item, EXPIRES_AT_EPOCH)));
    }
}
