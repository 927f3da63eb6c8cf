package dev.batchjobs.aws;

import static dev.batchjobs.aws.AttributeValues.bool;
import static dev.batchjobs.aws.AttributeValues.instant;
import static dev.batchjobs.aws.AttributeValues.n;
import static dev.batchjobs.aws.AttributeValues.num;
import static dev.batchjobs.aws.AttributeValues.optionalInstant;
import static dev.batchjobs.aws.AttributeValues.optionalText;
import static dev.batchjobs.aws.AttributeValues.s;
import static dev.batchjobs.aws.AttributeValues.stringList;
import static dev.batchjobs.aws.AttributeValues.stringMap;
import static dev.batchjobs.aws.AttributeValues.strings;
import static dev.batchjobs.aws.AttributeValues.text;
import static dev.batchjobs.aws.AttributeValues.time;

import dev.batchjobs.domain.AccountScope;
import dev.batchjobs.domain.events.EventDestination;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The items of the destinations table, keyed by scope (the account in one mode, {@link ScopeKeys}) and id, and the
 * names of their attributes: a key formed for one mode never names the other mode's destination.
 */
final class DestinationItems {
    static final String ACCOUNT_ID = "account_id";
    static final String PK = "pk";
    static final String LIVEMODE = "livemode";
    static final String CREATED = "created";
    static final String UPDATED = "updated";
    static final String NAME = "name";
    static final String DESCRIPTION = "description";
    static final String URL = "url";
    static final String ENABLED_EVENTS = "enabled_events";
    static final String METADATA = "metadata";
    static final String ENABLED = "enabled";
    static final String SECRET = "secret";
    static final String PREVIOUS_SECRET = "previous_secret";
    static final String PREVIOUS_SECRET_EXPIRES_AT = "previous_secret_expires_at";
    static final String VERSION = "version";

    private DestinationItems() {}

    static Map<String, AttributeValue> key(AccountScope scope, String id) {
        return Map.of(ACCOUNT_ID, s(ScopeKeys.of(scope)), PK, s(id));
    }

    /** The partition of an account's destinations in one mode. */
    static String partition(AccountScope scope) {
        return ScopeKeys.of(scope);
    }

    /** Whether a destination item is in the scope (a live one written before scopes has a plain account). */
    static boolean inScope(AccountScope scope, Map<String, AttributeValue> item) {
        return ScopeKeys.matches(
                scope, text(item, ACCOUNT_ID), item.get(LIVEMODE).bool());
    }

    static Map<String, AttributeValue> toItem(EventDestination d) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(d.id()));
        item.put(ACCOUNT_ID, s(ScopeKeys.of(d.scope())));
        item.put(LIVEMODE, bool(d.livemode()));
        item.put(CREATED, time(d.created()));
        item.put(UPDATED, time(d.updated()));
        if (d.name() != null) {
            item.put(NAME, s(d.name()));
        }
        if (d.description() != null) {
            item.put(DESCRIPTION, s(d.description()));
        }
        item.put(URL, s(d.url()));
        item.put(ENABLED_EVENTS, strings(d.enabledEvents()));
        item.put(METADATA, stringMap(d.metadata()));
        item.put(ENABLED, bool(d.enabled()));
        item.put(SECRET, s(d.secret()));
        if (d.previousSecret() != null) {
            item.put(PREVIOUS_SECRET, s(d.previousSecret()));
            item.put(PREVIOUS_SECRET_EXPIRES_AT, time(d.previousSecretExpiresAt()));
        }
        item.put(VERSION, n(d.version()));
        return item;
    }

    static EventDestination toDestination(Map<String, AttributeValue> item) {
        return new EventDestination(
                text(item, PK),
                ScopeKeys.accountOf(text(item, ACCOUNT_ID)),
                item.get(LIVEMODE).bool(),
                instant(item, CREATED),
                instant(item, UPDATED),
                optionalText(item, NAME),
                optionalText(item, DESCRIPTION),
                text(item, URL),
                stringList(item, ENABLED_EVENTS),
                stringMap(item, METADATA),
                item.get(ENABLED).bool(),
                text(item, SECRET),
                optionalText(item, PREVIOUS_SECRET),
                optionalInstant(item, PREVIOUS_SECRET_EXPIRES_AT),
                num(item, VERSION));
    }
}
