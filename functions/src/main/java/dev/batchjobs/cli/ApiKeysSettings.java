package dev.batchjobs.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where {@link ApiKeysCommand} finds the API keys table, first found wins:
 * <ol>
 *   <li>{@code API_KEYS_TABLE}: a deployed stack's table, with the AWS SDK's usual settings (region, credentials,
 *       {@code AWS_ENDPOINT_URL_DYNAMODB});
 *   <li>{@code BATCHJOBS_API_KEYS_TABLE} and {@code BATCHJOBS_DYNAMODB_ENDPOINT}, as a shell has them after
 *       {@code . .local-cloud/env};
 *   <li>the same two lines of {@code .local-cloud/env} in the working directory, which the local cloud writes at
 *       every start with the endpoint its banner prints.
 * </ol>
 *
 * @param localEndpoint the local cloud's DynamoDB, when the settings came from it (then any credentials do)
 * @param source where the settings came from, for messages
 */
public record ApiKeysSettings(String table, Optional<URI> localEndpoint, String source) {
    static final String TABLE = "API_KEYS_TABLE";
    static final String LOCAL_TABLE = "BATCHJOBS_API_KEYS_TABLE";
    static final String LOCAL_ENDPOINT = "BATCHJOBS_DYNAMODB_ENDPOINT";
    static final Path LOCAL_FILE = Path.of(".local-cloud", "env");

    public static ApiKeysSettings resolve(Map<String, String> env, Path workingDirectory) {
        String table = env.get(TABLE);
        if (table != null && !table.isBlank()) {
            return new ApiKeysSettings(table, Optional.empty(), TABLE);
        }
        if (env.containsKey(LOCAL_TABLE) || env.containsKey(LOCAL_ENDPOINT)) {
            return local(env, "the environment (" + LOCAL_TABLE + ", " + LOCAL_ENDPOINT + ")");
        }
        Path file = workingDirectory.resolve(LOCAL_FILE);
        if (Files.isRegularFile(file)) {
            return local(exports(file), LOCAL_FILE.toString());
        }
        throw new IllegalArgumentException("No API keys table: set " + TABLE
                + " to the stack's ApiKeysTableName output, or start the local cloud (it writes " + LOCAL_FILE
                + ") and run this from the repository's root");
    }

    /** Where the command writes, as a message shows it. */
    public String where() {
        return "table " + table + localEndpoint.map(e -> " at " + e).orElse("") + " (from " + source + ")";
    }

    private static ApiKeysSettings local(Map<String, String> settings, String source) {
        String table = settings.get(LOCAL_TABLE);
        String endpoint = settings.get(LOCAL_ENDPOINT);
        if (table == null || table.isBlank() || endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException(
                    source + " needs both " + LOCAL_TABLE + " and " + LOCAL_ENDPOINT + ": restart the local cloud");
        }
        URI uri;
        try {
            uri = URI.create(endpoint.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(LOCAL_ENDPOINT + " is not a URL: " + endpoint);
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException(LOCAL_ENDPOINT + " is not a URL: " + endpoint);
        }
        return new ApiKeysSettings(table.strip(), Optional.of(uri), source);
    }

    /** The {@code export NAME=value} lines of a shell settings file. */
    static Map<String, String> exports(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (trimmed.startsWith("export ") && trimmed.indexOf('=') > 0) {
                    String assignment = trimmed.substring("export ".length()).strip();
                    int equals = assignment.indexOf('=');
                    values.put(assignment.substring(0, equals), assignment.substring(equals + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return values;
    }
}
