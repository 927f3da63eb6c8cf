package dev.batchjobs.aws;

import static dev.batchjobs.aws.AttributeValues.bool;
import static dev.batchjobs.aws.AttributeValues.s;
import static dev.batchjobs.aws.AttributeValues.text;

import dev.batchjobs.domain.ApiKeyRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The items of the API keys table, keyed by the SHA-256 of the secret, and the names of their attributes. */
final class ApiKeyItems {
    static final String INDEX_BY_KEY_ID = "by_key_id";

    static final String KEY_HASH = "key_hash";
    static final String KEY_ID = "key_id";
    static final String ACCOUNT_ID = "account_id";
    static final String LIVEMODE = "livemode";
    static final String OWNER_ID = "owner_id";
    static final String CREATED = "created";
    static final String REVOKED_AT = "revoked_at";
    static final String LAST4 = "last4";

    private ApiKeyItems() {}

    static Map<String, AttributeValue> key(String keyHash) {
        return Map.of(KEY_HASH, s(keyHash));
    }

    static Map<String, AttributeValue> toItem(ApiKeyRecord key) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY_HASH, s(key.keyHash()));
        item.put(KEY_ID, s(key.keyId()));
        item.put(ACCOUNT_ID, s(key.accountId()));
        item.put(LIVEMODE, bool(key.livemode()));
        item.put(OWNER_ID, s(key.ownerId()));
        item.put(CREATED, s(key.created().toString()));
        if (key.revokedAt() != null) {
            item.put(REVOKED_AT, s(key.revokedAt().toString()));
        }
        if (key.last4() != null) {
            item.put(LAST4, s(key.last4()));
        }
        return item;
    }

    static ApiKeyRecord toRecord(Map<String, AttributeValue> item) {
        return new ApiKeyRecord(
                text(item, KEY_HASH),
                text(item, KEY_ID),
                text(item, ACCOUNT_ID),
                item.get(LIVEMODE).bool(),
                text(item, OWNER_ID),
                Instant.parse(text(item, CREATED)),
                item.containsKey(REVOKED_AT) ? Instant.parse(text(item, REVOKED_AT)) : null,
                item.containsKey(LAST4) ? text(item, LAST4) : null);
    }
}
