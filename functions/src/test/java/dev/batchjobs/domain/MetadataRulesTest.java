package dev.batchjobs.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataRulesTest {
    @Test
    void fiftyKeysAreAllowedAndTheFirstKeyOverIsNot() {
        Map<String, String> metadata = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            metadata.put("k" + i, "v");
        }
        assertThatCode(() -> MetadataRules.check(metadata)).doesNotThrowAnyException();
        metadata.put("k50", "v");
        InvalidParameterException e = refused(metadata);
        assertThat(e.param()).isEqualTo("metadata");
        assertThat(e.getMessage()).contains("at most 50 keys", "received 51");
    }

    @Test
    void aKeyIsOneToFortyCharacters() {
        assertThatCode(() -> MetadataRules.check(Map.of("k".repeat(40), "v"))).doesNotThrowAnyException();
        assertThatCode(() -> MetadataRules.check(Map.of("k", "v"))).doesNotThrowAnyException();
        InvalidParameterException tooLong = refused(Map.of("k".repeat(41), "v"));
        assertThat(tooLong.param()).isEqualTo("metadata");
        assertThat(tooLong.getMessage()).contains("1 to 40 characters", "'" + "k".repeat(41) + "' has 41");
        assertThat(refused(Map.of("", "v")).getMessage()).contains("'' has 0");
    }

    @Test
    void aVeryLongKeyIsShownAbbreviatedInTheMessage() {
        assertThat(refused(Map.of("k".repeat(50), "v")).getMessage()).contains("'" + "k".repeat(50) + "' has 50");
        assertThat(refused(Map.of("k".repeat(51), "v")).getMessage())
                .contains("'" + "k".repeat(47) + "...' has 51")
                .doesNotContain("k".repeat(48));
    }

    @Test
    void aKeyWithEitherBracketIsRefusedAndNamed() {
        InvalidParameterException open = refused(Map.of("a[b", "v"));
        assertThat(open.param()).isEqualTo("metadata[a[b]");
        assertThat(open.getMessage()).contains("cannot contain '[' or ']'");
        assertThat(refused(Map.of("a]b", "v")).param()).isEqualTo("metadata[a]b]");
    }

    @Test
    void aValueIsAtMostFiveHundredCharacters() {
        assertThatCode(() -> MetadataRules.check(Map.of("k", "v".repeat(500)))).doesNotThrowAnyException();
        assertThatCode(() -> MetadataRules.check(Map.of("k", ""))).doesNotThrowAnyException();
        InvalidParameterException e = refused(Map.of("k", "v".repeat(501)));
        assertThat(e.param()).isEqualTo("metadata[k]");
        assertThat(e.getMessage()).contains("at most 500 characters, received 501");
    }

    private static InvalidParameterException refused(Map<String, String> metadata) {
        InvalidParameterException e =
                catchThrowableOfType(InvalidParameterException.class, () -> MetadataRules.check(metadata));
        assertThat(e).as("refused: %s", metadata.keySet()).isNotNull();
        assertThat(e.code()).isEqualTo(InvalidParameterException.INVALID);
        return e;
    }
}
