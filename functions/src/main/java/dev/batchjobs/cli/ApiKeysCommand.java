package dev.batchjobs.cli;

import dev.batchjobs.aws.DynamoDbApiKeyStore;
import dev.batchjobs.domain.ApiKeyRecord;
import dev.batchjobs.domain.ApiKeyService;
import dev.batchjobs.domain.IssuedApiKey;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The operator's command for API keys:
 * <pre>
 *   java -cp functions/target/functions-lambda.jar dev.batchjobs.cli.ApiKeysCommand create --account acct_123 [--live]
 *   java -cp functions/target/functions-lambda.jar dev.batchjobs.cli.ApiKeysCommand list [--account acct_123]
 *   java -cp functions/target/functions-lambda.jar dev.batchjobs.cli.ApiKeysCommand revoke --key-id key_...
 * </pre>
 * It finds the table as {@link ApiKeysSettings} says: a stack's {@code API_KEYS_TABLE} with the AWS SDK's usual
 * settings, or the local cloud's settings ({@code .local-cloud/env}). Errors are one line, never a stack trace.
 */
public final class ApiKeysCommand {
    private static final String USAGE = """
            usage: ApiKeysCommand create --account ACCOUNT_ID [--live]
                   ApiKeysCommand list [--account ACCOUNT_ID]
                   ApiKeysCommand revoke --key-id KEY_ID
            settings: API_KEYS_TABLE (the stack's ApiKeysTableName output) and the AWS SDK's usual settings, or the
                      local cloud's BATCHJOBS_API_KEYS_TABLE / BATCHJOBS_DYNAMODB_ENDPOINT (. .local-cloud/env),
                      or .local-cloud/env in the working directory""";

    private ApiKeysCommand() {}

    public static void main(String[] args) {
        System.exit(execute(List.of(args), System.getenv(), Path.of(""), System.out, System.err));
    }

    /** Finds the table, runs one command against it, and returns the exit code; every error is one line on err. */
    public static int execute(
            List<String> args, Map<String, String> env, Path workingDirectory, PrintStream out, PrintStream err) {
        if (args.isEmpty() || !List.of("create", "list", "revoke").contains(args.get(0))) {
            return run(args, null, out, err);
        }
        ApiKeysSettings settings;
        try {
            settings = ApiKeysSettings.resolve(env, workingDirectory);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("api keys: " + e.getMessage());
            return 2;
        }
        try (DynamoDbClient dynamoDb = client(settings)) {
            ApiKeyService keys =
                    new ApiKeyService(new DynamoDbApiKeyStore(dynamoDb, settings.table()), Clock.systemUTC());
            return run(args, keys, out, err);
        } catch (ResourceNotFoundException e) {
            err.println("api keys: no " + settings.where() + "; is it the right table (or a running local cloud)?");
        } catch (SdkClientException e) {
            err.println("api keys: cannot reach DynamoDB for " + settings.where() + ": " + firstLine(e));
        } catch (SdkException e) {
            err.println("api keys: DynamoDB refused the request on " + settings.where() + ": " + firstLine(e));
        }
        return 1;
    }

    private static DynamoDbClient client(ApiKeysSettings settings) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder().httpClient(Apache5HttpClient.create());
        settings.localEndpoint()
                .ifPresent(endpoint -> builder.endpointOverride(endpoint)
                        .region(Region.US_EAST_1)
                        // The local cloud's DynamoDB takes any credentials (one shared database).
                        .credentialsProvider(
                                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))));
        return builder.build();
    }

    private static String firstLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    /** Runs one command; returns the process exit code. */
    public static int run(List<String> args, ApiKeyService keys, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.println(USAGE);
            return 2;
        }
        Map<String, String> options;
        try {
            options = options(args.subList(1, args.size()));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage() + "\n" + USAGE);
            return 2;
        }
        switch (args.get(0)) {
            case "create" -> {
                String account = options.get("--account");
                if (account == null) {
                    err.println("create needs --account ACCOUNT_ID\n" + USAGE);
                    return 2;
                }
                IssuedApiKey issued;
                try {
                    issued = keys.issue(account, options.containsKey("--live"));
                } catch (IllegalArgumentException e) {
                    err.println(e.getMessage());
                    return 2;
                }
                out.println("account_id: " + issued.record().accountId());
                out.println("key_id:     " + issued.record().keyId());
                out.println("livemode:   " + issued.record().livemode());
                out.println("secret:     " + issued.secret());
                out.println("The secret is shown once and stored only as a hash.");
                return 0;
            }
            case "list" -> {
                list(keys.list(Optional.ofNullable(options.get("--account"))), out);
                return 0;
            }
            case "revoke" -> {
                String keyId = options.get("--key-id");
                if (keyId == null) {
                    err.println("revoke needs --key-id KEY_ID\n" + USAGE);
                    return 2;
                }
                if (!keys.revoke(keyId)) {
                    err.println("No API key " + keyId);
                    return 1;
                }
                out.println("revoked: " + keyId);
                return 0;
            }
            default -> {
                err.println("Unknown command '" + args.get(0) + "'\n" + USAGE);
                return 2;
            }
        }
    }

    /** One line per key: its id, prefix and last four characters, account, mode, created and revoked; no secret. */
    private static void list(List<ApiKeyRecord> keys, PrintStream out) {
        String format = "%-24s  %-15s  %-24s  %-4s  %-20s  %s%n";
        out.printf(format, "KEY_ID", "KEY", "ACCOUNT", "MODE", "CREATED", "REVOKED");
        for (ApiKeyRecord key : keys) {
            out.printf(
                    format,
                    key.keyId(),
                    key.hint(),
                    key.accountId(),
                    key.livemode() ? "live" : "test",
                    key.created().truncatedTo(ChronoUnit.SECONDS),
                    key.revokedAt() == null
                            ? "-"
                            : key.revokedAt().truncatedTo(ChronoUnit.SECONDS).toString());
        }
        out.println(keys.size() + (keys.size() == 1 ? " key" : " keys"));
    }

    private static Map<String, String> options(List<String> args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String name = args.get(i);
            if (name.equals("--live")) {
                options.put(name, "true");
            } else if (name.equals("--account") || name.equals("--key-id")) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                options.put(name, args.get(++i));
            } else {
                throw new IllegalArgumentException("Unknown option '" + name + "'");
            }
        }
        return options;
    }
}
