package dev.batchjobs.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.batchjobs.api.ApiRequest;
import dev.batchjobs.api.ApiResponse;
import dev.batchjobs.testing.ApiFixture;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Coverage-guided fuzzing of the create-request parser, through the whole API on in-memory fakes as a client reaches
 * it: whatever the body's bytes, {@code POST /v2/core/batch_jobs} answers a 200 or a 4xx with Stripe's error
 * envelope, never a 500.
 */
class ApiFuzzTest {
    private static final ApiFixture FIXTURE = new ApiFixture();
    private static final String KEY = FIXTURE.newKey("acct_fuzz");

    @FuzzTest(maxDuration = "60s")
    void createRequest(byte[] body) {
        Optional<String> problem = Optional.empty();
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            text = "";
            problem = Optional.of("the body is not valid UTF-8");
        }
        ApiResponse response = FIXTURE.api.handle(new ApiRequest(
                "POST",
                "/v2/core/batch_jobs",
                Map.of(
                        "authorization",
                        "Bearer " + KEY,
                        "stripe-version",
                        ApiFixture.VERSION,
                        "content-type",
                        "application/json"),
                Map.of(),
                text,
                "req_fuzz",
                problem));

        assertThat(response.status()).as(response.body()).isIn(200, 400, 413);
        if (response.status() != 200) {
            assertThat(response.body())
                    .contains("\"error\"")
                    .contains("\"code\"")
                    .contains("\"message\"");
        }
    }
}
