package dev.batchjobs.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class HttpTargetClientTest {
    @Test
    void retryAfterReadsSecondsAndHttpDates() {
        assertThat(HttpTargetClient.retryAfter("7")).contains(Duration.ofSeconds(7));
        assertThat(HttpTargetClient.retryAfter("-1")).isEmpty();
        assertThat(HttpTargetClient.retryAfter("soon")).isEmpty();
        String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(60));
        assertThat(HttpTargetClient.retryAfter(inAMinute))
                .hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(60)));
        assertThat(HttpTargetClient.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Duration.ZERO);
    }
}
