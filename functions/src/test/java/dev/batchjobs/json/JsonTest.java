package dev.batchjobs.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void aBodyNestedDeeperThanTheLimitIsMalformedSayingWhichLimit() {
        String deep = "{\"metadata\": " + "[".repeat(65) + "]".repeat(65) + "}";

        assertThatThrownBy(() -> Json.parseBody(deep))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("nesting depth")
                .hasMessageContaining("maximum 64");
    }

    @Test
    void aNumberLongerThanTheLimitIsMalformedSayingWhichLimit() {
        assertThatThrownBy(() -> Json.parseBody("{\"maximum_rps\": " + "9".repeat(1500) + "}"))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("number")
                .hasMessageContaining("maximum");
    }

    @Test
    void aSyntaxErrorSaysItsLineAndColumn() {
        assertThatThrownBy(() -> Json.parseBody("{\n  \"a\": }"))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("at line 2, column");
    }

    @Test
    void anEmptyBodyIsAnEmptyObject() {
        assertThat(Json.parseBody("  ").isEmpty()).isTrue();
    }

    @Test
    void aLoneSurrogateIsRefusedNamingWhereItIs() {
        assertThatThrownBy(() -> Json.parseBody("{\"metadata\": {\"team\": \"a\\ud800b\"}}"))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("metadata.team")
                .hasMessageContaining("lone UTF-16 surrogate");
        assertThatThrownBy(() -> Json.parseBody("{\"items\": [\"ok\", \"\\udc00\"]}"))
                .hasMessageContaining("items[1]");
    }

    @Test
    void aPairedSurrogateIsText() {
        assertThat(Json.parseBody("{\"emoji\": \"\\ud83d\\ude00\"}")
                        .get("emoji")
                        .textValue())
                .isEqualTo("\uD83D\uDE00");
    }
}
