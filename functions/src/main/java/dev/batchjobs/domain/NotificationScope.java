package dev.batchjobs.domain;

import java.util.Locale;
import java.util.Optional;

/** {@code notification_suppression.scope}: whether the target's own webhooks are suppressed. */
public enum NotificationScope {
    ALL,
    NONE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<NotificationScope> fromWireName(String value) {
        for (NotificationScope scope : values()) {
            if (scope.wireName().equals(value)) {
                return Optional.of(scope);
            }
        }
        return Optional.empty();
    }
}
