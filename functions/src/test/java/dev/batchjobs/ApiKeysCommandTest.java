package dev.batchjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchjobs.cli.ApiKeysCommand;
import dev.batchjobs.domain.ApiKeyService;
import dev.batchjobs.domain.AuthenticationFailedException;
import dev.batchjobs.domain.Caller;
import dev.batchjobs.testing.InMemoryApiKeyStore;
import dev.batchjobs.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ApiKeysCommandTest {
    private final ApiKeyService keys =
            new ApiKeyService(new InMemoryApiKeyStore(), new MutableClock(Instant.parse("2026-11-23T10:00:00Z")));
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ApiKeysCommand.run(
                List.of(args),
                keys,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String field(String name) {
        Matcher matcher = Pattern.compile(name + ":\\s+(\\S+)").matcher(out.toString(StandardCharsets.UTF_8));
        assertThat(matcher.find()).as(name).isTrue();
        return matcher.group(1);
    }

    @Test
    void createPrintsAWorkingKeyAndRevokeStopsIt() {
        assertThat(run("create", "--account", "acct_ops")).isZero();
        String secret = field("secret");
        String keyId = field("key_id");

        Caller caller = keys.authenticate(Optional.of(secret));
        assertThat(caller.accountId()).isEqualTo("acct_ops");
        assertThat(caller.livemode()).isFalse();

        assertThat(run("revoke", "--key-id", keyId)).isZero();
        assertThatThrownBy(() -> keys.authenticate(Optional.of(secret)))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void liveKeysAreLive() {
        assertThat(run("create", "--account", "acct_ops", "--live")).isZero();

        assertThat(field("secret")).startsWith("sk_live_");
    }

    @Test
    void mistakesExplainThemselves() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("create")).isEqualTo(2);
        assertThat(run("create", "--account", "not valid!")).isEqualTo(2);
        assertThat(run("revoke", "--key-id", "key_missing")).isEqualTo(1);
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage:").contains("No API key key_missing");
    }
}
