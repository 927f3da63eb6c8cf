package dev.batchjobs.domain.events;

import dev.batchjobs.domain.AccountScope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where an account's events are delivered: a webhook endpoint, the event types it wants, and the secret its
 * deliveries are signed with. After a rotation the previous secret keeps signing (a second {@code v1}) until
 * it expires, so a receiver can switch over without losing a delivery.
 *
 * @param enabledEvents event types, {@code *} for all, or a prefix ending in {@code .*}
 * @param version       raised by every change; updates are conditional on it
 */
public record EventDestination(
        String id,
        String accountId,
        boolean livemode,
        Instant created,
        Instant updated,
        String name,
        String description,
        String url,
        List<String> enabledEvents,
        Map<String, String> metadata,
        boolean enabled,
        String secret,
        String previousSecret,
        Instant previousSecretExpiresAt,
        long version) {

    public EventDestination {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
        enabledEvents = List.copyOf(enabledEvents);
        metadata = Map.copyOf(new TreeMap<>(Objects.requireNonNull(metadata, "metadata")));
    }

    /** Whether an event of this type goes to this destination. */
    public boolean subscribes(String type) {
        return enabledEvents.stream().anyMatch(pattern -> matches(pattern, type));
    }

    static boolean matches(String pattern, String type) {
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.endsWith(".*")) {
            return type.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(type);
    }

    /** The secrets deliveries are signed with now: the current one, and the previous one until it expires. */
    public List<String> signingSecrets(Instant now) {
        List<String> secrets = new ArrayList<>(List.of(secret));
        if (previousSecret != null && previousSecretExpiresAt != null && now.isBefore(previousSecretExpiresAt)) {
            secrets.add(previousSecret);
        }
        return secrets;
    }

    public Map<String, String> sortedMetadata() {
        return new TreeMap<>(metadata);
    }

    /** Never shows the secrets. */
    /** The account and mode the destination belongs to: it receives that mode's events only. */
    public AccountScope scope() {
        return new AccountScope(accountId, livemode);
    }

    @Override
    public String toString() {
        return "EventDestination[id=" + id + ", accountId=" + accountId + ", url=" + url + ", enabled=" + enabled
                + ", enabledEvents=" + enabledEvents + "]";
    }

    public EventDestination with(
            String newName,
            String newDescription,
            String newUrl,
            List<String> newEvents,
            Map<String, String> newMetadata,
            boolean newEnabled,
            Instant now) {
        return new EventDestination(
                id,
                accountId,
                livemode,
                created,
                now,
                newName,
                newDescription,
                newUrl,
                newEvents,
                newMetadata,
                newEnabled,
                secret,
                previousSecret,
                previousSecretExpiresAt,
                version + 1);
    }

    public EventDestination withSecret(String newSecret, Instant oldExpiresAt, Instant now) {
        return new EventDestination(
                id,
                accountId,
                livemode,
                created,
                now,
                name,
                description,
                url,
                enabledEvents,
                metadata,
                enabled,
                newSecret,
                secret,
                oldExpiresAt,
                version + 1);
    }
}
