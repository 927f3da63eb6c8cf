package dev.batchjobs.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PageCursorTest {
    private static final Pattern ID = Pattern.compile("[a-z0-9_]+");

    @Test
    void aTokenRoundTripsAndIsUrlSafe() {
        String token =
                PageCursor.encodeAfter(PageCursor.JOBS, Instant.parse("2026-11-23T10:00:00.120Z"), "batchv2_abc");

        assertThat(token).matches("[A-Za-z0-9_-]+");
        assertThat(PageCursor.decodeAfter(PageCursor.JOBS, token, ID))
                .isEqualTo(new PageCursor.TimeAndId(Instant.parse("2026-11-23T10:00:00.120Z"), "batchv2_abc"));
        assertThat(PageCursor.decodeOffset(PageCursor.FAILURES, PageCursor.encodeOffset(PageCursor.FAILURES, 42)))
                .isEqualTo(42);
        assertThat(PageCursor.decode(
                        PageCursor.EVENTS, PageCursor.encode(PageCursor.EVENTS, Map.of("b", "2", "a", "1"))))
                .isEqualTo(Map.of("a", "1", "b", "2"));
    }

    @Test
    void aTokenOfAnotherListIsRefused() {
        String token = PageCursor.encodeOffset(PageCursor.FAILURES, 3);

        assertThatThrownBy(() -> PageCursor.decode(PageCursor.JOBS, token)).isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void anEditedTokenIsRefused() {
        String json = new String(
                Base64.getUrlDecoder().decode(PageCursor.encodeOffset(PageCursor.FAILURES, 3)), StandardCharsets.UTF_8);
        String edited = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(json.replace("\"3\"", "\"4\"").getBytes(StandardCharsets.UTF_8));

        assertThat(json).contains("\"3\"");
        assertThatThrownBy(() -> PageCursor.decode(PageCursor.FAILURES, edited))
                .isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void anythingElseIsRefused() {
        for (String token : new String[] {"", "not-a-cursor!", "aGVsbG8", "W10", "e30", "x".repeat(5000)}) {
            assertThatThrownBy(() -> PageCursor.decode(PageCursor.JOBS, token))
                    .as(token)
                    .isInstanceOf(InvalidCursorException.class);
        }
        assertThatThrownBy(() -> PageCursor.decodeOffset(
                        PageCursor.FAILURES, PageCursor.encode(PageCursor.FAILURES, Map.of("at", "-1"))))
                .isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> PageCursor.decodeAfter(
                        PageCursor.JOBS,
                        PageCursor.encode(PageCursor.JOBS, Map.of("created", "yesterday", "id", "batchv2_abc")),
                        ID))
                .isInstanceOf(InvalidCursorException.class);
    }
}
