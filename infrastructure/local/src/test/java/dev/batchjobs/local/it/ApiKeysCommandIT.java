package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.cli.ApiKeysCommand;
import dev.batchjobs.local.LocalCloud;
import dev.batchjobs.local.SharedLocalCloud;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's keys command against a running local cloud, with nothing but the shell settings file the local
 * cloud writes at start ({@code .local-cloud/env}, whatever port its DynamoDB took): a key it creates works on the
 * API, its listing shows the key without the secret, and a revoked key stops working.
 */
class ApiKeysCommandIT {
    private final LocalCloud cloud = SharedLocalCloud.get();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int keys(Path repo, String... args) {
        out.reset();
        return ApiKeysCommand.execute(
                List.of(args),
                Map.of(),
                repo,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String printed(String field) {
        Matcher matcher = Pattern.compile(field + ":\\s+(\\S+)").matcher(out.toString(StandardCharsets.UTF_8));
        assertThat(matcher.find()).as(out.toString(StandardCharsets.UTF_8)).isTrue();
        return matcher.group(1);
    }

    @Test
    void createListAndRevokeThroughTheLocalCloudsSettingsFile(@TempDir Path repo) throws Exception {
        cloud.writeShellSettings(repo.resolve(".local-cloud"));
        String account = "acct_keys_" + UUID.randomUUID().toString().substring(0, 8);

        assertThat(keys(repo, "create", "--account", account))
                .as(err.toString())
                .isZero();
        String secret = printed("secret");
        String keyId = printed("key_id");
        LocalApi api = new LocalApi(cloud, secret);
        assertThat(api.send("GET", "/v2/core/batch_jobs", null).statusCode()).isEqualTo(200);

        assertThat(keys(repo, "list", "--account", account)).isZero();
        String listing = out.toString(StandardCharsets.UTF_8);
        assertThat(listing)
                .doesNotContain(secret)
                .contains(keyId, account, "sk_test_…" + secret.substring(secret.length() - 4), "1 key");

        assertThat(keys(repo, "revoke", "--key-id", keyId)).isZero();
        assertThat(api.send("GET", "/v2/core/batch_jobs", null).statusCode()).isEqualTo(401);
        assertThat(keys(repo, "list", "--account", account)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .containsPattern(keyId + ".*\\d{4}-\\d\\d-\\d\\dT.*Z\\s+\\d{4}-");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
