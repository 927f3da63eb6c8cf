package dev.batchjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchjobs.cli.ApiKeysCommand;
import dev.batchjobs.cli.ApiKeysSettings;
import dev.batchjobs.domain.ApiKeyService;
import dev.batchjobs.domain.AuthenticationFailedException;
import dev.batchjobs.domain.Caller;
import dev.batchjobs.testing.InMemoryApiKeyStore;
import dev.batchjobs.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void listShowsEveryKeyByItsHintAccountModeAndRevocationButNeverASecret() {
        assertThat(run("create", "--account", "acct_ops")).isZero();
        String secret = field("secret");
        String keyId = field("key_id");
        assertThat(run("create", "--account", "acct_other", "--live")).isZero();
        String live = lastField("secret");
        assertThat(run("revoke", "--key-id", keyId)).isZero();
        out.reset();

        assertThat(run("list")).isZero();

        String listing = out.toString(StandardCharsets.UTF_8);
        assertThat(listing).doesNotContain(secret).doesNotContain(live);
        assertThat(listing.lines().filter(l -> l.startsWith(keyId)).findFirst())
                .hasValueSatisfying(line -> assertThat(line)
                        .contains("sk_test_…" + secret.substring(secret.length() - 4), "acct_ops", "test")
                        .contains("2026-11-23T10:00:00Z")
                        .doesNotEndWith("-"));
        assertThat(listing).contains("sk_live_…" + live.substring(live.length() - 4), "acct_other", "live");
        assertThat(listing).contains("2 keys");

        out.reset();
        assertThat(run("list", "--account", "acct_other")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .doesNotContain("acct_ops")
                .contains("1 key");
    }

    private String lastField(String name) {
        Matcher matcher = Pattern.compile(name + ":\\s+(\\S+)").matcher(out.toString(StandardCharsets.UTF_8));
        String last = null;
        while (matcher.find()) {
            last = matcher.group(1);
        }
        return last;
    }

    @Test
    void withNoSettingsItSaysWhereToFindTheTableInOneLine(@TempDir Path empty) {
        int code = ApiKeysCommand.execute(List.of("list"), Map.of(), empty, printer(out), printer(err));

        assertThat(code).isEqualTo(2);
        assertThat(oneLine()).contains("API_KEYS_TABLE", ".local-cloud/env");
    }

    @Test
    void anUnreachableEndpointFromTheLocalCloudsFileIsOneLineNotAStackTrace(@TempDir Path repo) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        Files.createDirectories(repo.resolve(".local-cloud"));
        Files.writeString(
                repo.resolve(".local-cloud/env"),
                "# Written by the local cloud\nexport BATCHJOBS_API_URL=http://127.0.0.1:1\n"
                        + "export BATCHJOBS_DYNAMODB_ENDPOINT=http://127.0.0.1:" + port + "\n"
                        + "export BATCHJOBS_API_KEYS_TABLE=batchjobs-api-keys\n");

        int code = ApiKeysCommand.execute(List.of("list"), Map.of(), repo, printer(out), printer(err));

        assertThat(code).isEqualTo(1);
        assertThat(oneLine())
                .startsWith("api keys: cannot reach DynamoDB for table batchjobs-api-keys at http://127.0.0.1:" + port)
                .contains("(from .local-cloud/env)");
    }

    @Test
    void theEnvironmentWinsOverTheFileAndAStacksTableOverBoth(@TempDir Path repo) throws Exception {
        Files.createDirectories(repo.resolve(".local-cloud"));
        Files.writeString(
                repo.resolve(".local-cloud/env"),
                "export BATCHJOBS_DYNAMODB_ENDPOINT=http://127.0.0.1:1\nexport BATCHJOBS_API_KEYS_TABLE=from-file\n");
        Map<String, String> shell =
                Map.of("BATCHJOBS_DYNAMODB_ENDPOINT", "http://127.0.0.1:2", "BATCHJOBS_API_KEYS_TABLE", "from-shell");

        assertThat(ApiKeysSettings.resolve(Map.of(), repo).where())
                .isEqualTo("table from-file at http://127.0.0.1:1 (from .local-cloud/env)");
        assertThat(ApiKeysSettings.resolve(shell, repo).table()).isEqualTo("from-shell");
        assertThat(ApiKeysSettings.resolve(Map.of("API_KEYS_TABLE", "stack-api-keys"), repo))
                .satisfies(settings -> {
                    assertThat(settings.table()).isEqualTo("stack-api-keys");
                    assertThat(settings.localEndpoint()).isEmpty();
                });
        assertThatThrownBy(() -> ApiKeysSettings.resolve(Map.of("BATCHJOBS_API_KEYS_TABLE", "t"), repo))
                .hasMessageContaining("needs both");
    }

    private static PrintStream printer(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private String oneLine() {
        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(printed.lines()).as(printed).hasSize(1);
        assertThat(printed).doesNotContain("\tat ", "Exception");
        return printed.strip();
    }
}
