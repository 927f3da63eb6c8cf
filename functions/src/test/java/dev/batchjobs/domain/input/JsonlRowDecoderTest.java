package dev.batchjobs.domain.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The strictness the README promises for a JSONL row: one object, each key once, nothing after it. */
class JsonlRowDecoderTest {
    private static RowDecoder.Decoded decode(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return RowDecoder.jsonl().decode(new InputRecord(bytes, 0, bytes.length + 1, 1, false, false));
    }

    @Test
    void aKeyGivenTwiceIsAnErrorNotAnOverwrite() {
        RowDecoder.Decoded decoded = decode("{\"id\":\"r1\",\"params\":{\"a\":1},\"params\":{\"a\":2}}");

        assertThat(decoded.ok()).isFalse();
        assertThat(decoded.problem().code()).isEqualTo("invalid_json");
        assertThat(decoded.problem().message()).contains("params");
    }

    @Test
    void aSecondValueOnTheLineIsAnErrorNotDropped() {
        RowDecoder.Decoded decoded = decode("{\"id\":\"r1\"} {\"id\":\"r2\"}");

        assertThat(decoded.ok()).isFalse();
        assertThat(decoded.problem().code()).isEqualTo("invalid_json");
    }

    @Test
    void oneObjectIsARowWithItsId() {
        RowDecoder.Decoded decoded = decode("{\"id\":\"r1\",\"params\":{\"amount\":12.50}}");

        assertThat(decoded.ok()).isTrue();
        assertThat(decoded.id()).isEqualTo("r1");
        assertThat(decoded.row().path("params").path("amount").decimalValue()).isEqualByComparingTo("12.50");
    }

    @Test
    void aValueThatIsNotAnObjectIsNotARow() {
        assertThat(decode("[1,2]").problem().code()).isEqualTo("not_an_object");
    }
}
