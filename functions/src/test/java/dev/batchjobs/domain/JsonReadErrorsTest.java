package dev.batchjobs.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class JsonReadErrorsTest {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        MAPPER.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(4)
                        .maxNumberLength(10)
                        .build());
    }

    @Test
    void aPassedLimitSaysWhichLimitAndByHowMuchAndHasNoPlace() {
        JsonProcessingException deep = failure("[[[[[1]]]]]");
        assertThat(JsonReadErrors.describe(deep)).isEqualTo("nesting depth of 5 is over the maximum 4");
        assertThat(JsonReadErrors.place(deep)).isEmpty();

        JsonProcessingException longNumber = failure("[12345678901]");
        assertThat(JsonReadErrors.describe(longNumber)).startsWith("number").endsWith("of 11 is over the maximum 10");
    }

    @Test
    void aSyntaxErrorKeepsJacksonsWordsAndHasItsLineAndColumn() {
        JsonProcessingException e = failure("{\n  \"a\": x}");
        assertThat(JsonReadErrors.describe(e)).startsWith("Unrecognized token 'x'");
        assertThat(JsonReadErrors.place(e)).contains(new JsonReadErrors.Place(2, 8));
    }

    @Test
    void aSecondValueIsNamedAsSuch() {
        assertThat(JsonReadErrors.describe(failure("{} {}")))
                .isEqualTo("more JSON follows the first value; only one value is allowed");
    }

    @Test
    void theWordsThatSpeakOfJacksonAreDropped() {
        assertThat(JsonReadErrors.describe(failure("{/* no */}")))
                .endsWith(": comments are not allowed in JSON")
                .doesNotContain("ALLOW_COMMENTS");
        assertThat(JsonReadErrors.describe(failure("[NaN]")))
                .isEqualTo("Non-standard token 'NaN': not allowed in JSON");
        assertThat(JsonReadErrors.describe(failure("{\"a\": \"open")))
                .doesNotContain("start marker")
                .startsWith("Unexpected end-of-input");
        assertThat(JsonReadErrors.plain("a (start marker at x) b")).isEqualTo("a");
        assertThat(JsonReadErrors.plain("Trailing token (of type START_OBJECT) found"))
                .startsWith("more JSON follows");
        assertThat(JsonReadErrors.plain("nothing to change: enable `X` to allow more"))
                .isEqualTo("nothing to change: enable `X` to allow more");
    }

    @Test
    void aLoneSurrogateIsFoundWhereverItIsAndNamedByItsPath() throws Exception {
        assertThat(JsonReadErrors.loneSurrogate(tree("\"\\uD800\""), "")).contains("");
        assertThat(JsonReadErrors.loneSurrogate(tree("{\"a\": {\"b\": \"x\\uDC00\"}}"), ""))
                .contains("a.b");
        assertThat(JsonReadErrors.loneSurrogate(tree("{\"a\": [\"ok\", \"\\uD800y\"]}"), ""))
                .contains("a[1]");
        assertThat(JsonReadErrors.loneSurrogate(tree("[1, [\"\\uD800\"]]"), "")).contains("[1][0]");
        assertThat(JsonReadErrors.loneSurrogate(tree("{\"a\": \"x\"}"), "row")).isEmpty();
        assertThat(JsonReadErrors.loneSurrogate(tree("{\"a\": \"\\uD800\"}"), "row"))
                .contains("row.a");
        assertThat(JsonReadErrors.loneSurrogate(tree("\"ends \\uD83D\""), "")).contains("");
    }

    @Test
    void aPairedSurrogateIsValidUnicode() throws Exception {
        assertThat(JsonReadErrors.loneSurrogate(tree("{\"\\uD83D\\uDE00\": [\"\\uD83D\\uDE00\", 1, null]}"), ""))
                .isEmpty();
    }

    @Test
    void aFieldNameWithALoneSurrogateIsNamedWithTheSurrogateEscaped() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.putObject("outer").put("k\uD800", "v");
        assertThat(JsonReadErrors.loneSurrogate(node, "")).contains("outer.k\\uD800");
        ObjectNode paired = JsonNodeFactory.instance.objectNode();
        paired.putObject("\uD83D\uDE00").put("x\uDC01", "v");
        assertThat(JsonReadErrors.loneSurrogate(paired, "")).contains("\uD83D\uDE00.x\\uDC01");
    }

    private static JsonNode tree(String json) throws JsonProcessingException {
        return MAPPER.readTree(json);
    }

    private static JsonProcessingException failure(String json) {
        try {
            MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return e;
        }
        throw new AssertionError("parsed: " + json);
    }
}
