package dev.batchjobs.cli;

import dev.batchjobs.aws.DynamoDbApiKeyStore;
import dev.batchjobs.domain.ApiKeyService;
import dev.batchjobs.domain.IssuedApiKey;
import java.io.PrintStream;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The operator's command for API keys:
 * <pre>
 *   java -cp functions/target/functions-lambda.jar dev.batchjobs.cli.ApiKeysCommand create --account acct_123 [--live]
 *   java -cp functions/target/functions-lambda.jar dev.batchjobs.cli.ApiKeysCommand revoke --key-id key_...
 * </pre>
 * It writes to the table named by {@code API_KEYS_TABLE}, with the AWS SDK's usual region, credentials and
 * endpoint settings ({@code AWS_REGION}, {@code AWS_PROFILE}, {@code AWS_ENDPOINT_URL_DYNAMODB}, ...).
 */
public final class ApiKeysCommand {
    private static final String USAGE = """
            usage: ApiKeysCommand create --account ACCOUNT_ID [--live]
                   ApiKeysCommand revoke --key-id KEY_ID
            environment: API_KEYS_TABLE (the stack's ApiKeysTableName output), plus the AWS SDK's usual settings""";

    private ApiKeysCommand() {}

    public static void main(String[] args) {
        String table = System.getenv("API_KEYS_TABLE");
        if (table == null || table.isBlank()) {
            System.err.println("Set API_KEYS_TABLE to the stack's ApiKeysTableName output.\n" + USAGE);
            System.exit(2);
        }
        try (DynamoDbClient dynamoDb =
                DynamoDbClient.builder().httpClient(Apache5HttpClient.create()).build()) {
            ApiKeyService keys = new ApiKeyService(new DynamoDbApiKeyStore(dynamoDb, table), Clock.systemUTC());
            System.exit(run(List.of(args), keys, System.out, System.err));
        }
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
