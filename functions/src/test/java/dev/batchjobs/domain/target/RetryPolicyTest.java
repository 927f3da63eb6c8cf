package dev.batchjobs.domain.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(2));

    @Test
    void tooManyRequestsServerErrorsAndNoResponseAreRetried() {
        assertThat(policy.delayAfter(1, Optional.of(429), Optional.empty(), () -> 0.5))
                .isPresent();
        assertThat(policy.delayAfter(1, Optional.of(503), Optional.empty(), () -> 0.5))
                .isPresent();
        assertThat(policy.delayAfter(1, Optional.empty(), Optional.empty(), () -> 0.5))
                .isPresent();
    }

    @Test
    void otherClientErrorsAndSuccessesAreFinal() {
        for (int status : new int[] {200, 400, 401, 402, 404, 409}) {
            assertThat(policy.delayAfter(1, Optional.of(status), Optional.empty(), () -> 0.5))
                    .as("" + status)
                    .isEmpty();
        }
    }

    @Test
    void theNumberOfAttemptsIsBounded() {
        assertThat(policy.delayAfter(3, Optional.of(500), Optional.empty(), () -> 0.5))
                .isPresent();
        assertThat(policy.delayAfter(4, Optional.of(500), Optional.empty(), () -> 0.5))
                .isEmpty();
    }

    @Test
    void backoffGrowsExponentiallyUnderTheCapWithFullJitter() {
        assertThat(policy.delayAfter(1, Optional.of(500), Optional.empty(), () -> 0.999))
                .contains(Duration.ofMillis(99));
        assertThat(policy.delayAfter(3, Optional.of(500), Optional.empty(), () -> 0.999))
                .contains(Duration.ofMillis(399));
        assertThat(policy.delayAfter(3, Optional.of(500), Optional.empty(), () -> 0.0))
                .contains(Duration.ZERO);
        RetryPolicy many = new RetryPolicy(50, Duration.ofMillis(100), Duration.ofSeconds(2));
        assertThat(many.delayAfter(40, Optional.of(500), Optional.empty(), () -> 0.999))
                .contains(Duration.ofMillis(1998));
    }

    @Test
    void retryAfterIsHonouredUpToTheCap() {
        assertThat(policy.delayAfter(1, Optional.of(429), Optional.of(Duration.ofSeconds(1)), () -> 0.1))
                .contains(Duration.ofSeconds(1));
        assertThat(policy.delayAfter(1, Optional.of(429), Optional.of(Duration.ofMinutes(5)), () -> 0.1))
                .contains(Duration.ofSeconds(2));
    }
}
