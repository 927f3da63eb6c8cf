package dev.batchjobs.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How the local cloud starts: where it keeps data, its ports, its template and its start-up key. */
public record LocalCloudOptions(
        Optional<Path> dataDir,
        int apiPort,
        int dynamoDbPort,
        int s3Port,
        int sqsPort,
        Path template,
        String stackName,
        Optional<String> apiKey,
        Map<String, String> parameters,
        Optional<Duration> scheduleEvery,
        double waitScale) {

    public LocalCloudOptions {
        parameters = Map.copyOf(parameters);
    }

    public static final String USAGE = """
            usage: LocalCloud [--data-dir DIR | --in-memory] [--port N] [--dynamodb-port N] [--s3-port N]
                              [--sqs-port N] [--template PATH] [--stack-name NAME] [--api-key sk_test_...]
              --data-dir     keep jobs and files here across restarts (default ./.local-cloud)
              --in-memory    keep nothing
              --port         the API's port (default 8080; 0 picks a free one, as do the other ports)
              --api-key      register this key for acct_local instead of making a new one
              --parameter    Name=Value, a template parameter (e.g. UploadUrlTtlSeconds=120); repeatable;
                             TargetAuthorization="Bearer sk_..." keeps the target's credential in the local
                             Secrets Manager and passes its ARN as TargetAuthorizationSecretArn
              --schedule-every SECONDS  run every scheduled function this often instead of its rate""";

    /** Every port chosen freely, nothing kept: for tests. */
    public static LocalCloudOptions ephemeral(Path template) {
        return new LocalCloudOptions(
                Optional.empty(), 0, 0, 0, 0, template, "batchjobs", Optional.empty(), Map.of(), Optional.empty(), 1.0);
    }

    public LocalCloudOptions withParameters(Map<String, String> overrides, Optional<Duration> every) {
        return new LocalCloudOptions(
                dataDir,
                apiPort,
                dynamoDbPort,
                s3Port,
                sqsPort,
                template,
                stackName,
                apiKey,
                overrides,
                every,
                waitScale);
    }

    /** Keeps tables and objects in {@code dir} (S3Proxy's filesystem store, DynamoDB Local's files). */
    public LocalCloudOptions withDataDir(Path dir) {
        return new LocalCloudOptions(
                Optional.of(dir),
                apiPort,
                dynamoDbPort,
                s3Port,
                sqsPort,
                template,
                stackName,
                apiKey,
                parameters,
                scheduleEvery,
                waitScale);
    }

    /** State machine Wait states and retry intervals run this much faster (tests; 1 is real time). */
    public LocalCloudOptions withWaitScale(double scale) {
        return new LocalCloudOptions(
                dataDir,
                apiPort,
                dynamoDbPort,
                s3Port,
                sqsPort,
                template,
                stackName,
                apiKey,
                parameters,
                scheduleEvery,
                scale);
    }

    public static LocalCloudOptions parse(List<String> args, Path workingDirectory) {
        Optional<Path> dataDir = Optional.of(workingDirectory.resolve(".local-cloud"));
        int apiPort = 8080;
        int dynamoDbPort = 8000;
        int s3Port = 9000;
        int sqsPort = 9324;
        Path template = null;
        String stackName = "batchjobs";
        Optional<String> apiKey = Optional.empty();
        Map<String, String> parameters = new LinkedHashMap<>();
        Optional<Duration> scheduleEvery = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--in-memory" -> dataDir = Optional.empty();
                case "--data-dir" -> dataDir = Optional.of(workingDirectory.resolve(value(args, ++i, arg)));
                case "--port" -> apiPort = port(value(args, ++i, arg), arg);
                case "--dynamodb-port" -> dynamoDbPort = port(value(args, ++i, arg), arg);
                case "--s3-port" -> s3Port = port(value(args, ++i, arg), arg);
                case "--sqs-port" -> sqsPort = port(value(args, ++i, arg), arg);
                case "--template" -> template = workingDirectory.resolve(value(args, ++i, arg));
                case "--stack-name" -> stackName = value(args, ++i, arg);
                case "--api-key" -> apiKey = Optional.of(value(args, ++i, arg));
                case "--parameter" -> {
                    String pair = value(args, ++i, arg);
                    int eq = pair.indexOf('=');
                    if (eq < 1) {
                        throw new IllegalArgumentException("--parameter takes Name=Value, not '" + pair + "'");
                    }
                    parameters.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
                case "--schedule-every" ->
                    scheduleEvery = Optional.of(Duration.ofSeconds(port(value(args, ++i, arg), arg)));
                default -> throw new IllegalArgumentException("Unknown option '" + arg + "'");
            }
        }
        if (template == null) {
            template = findTemplate(workingDirectory);
        }
        return new LocalCloudOptions(
                dataDir,
                apiPort,
                dynamoDbPort,
                s3Port,
                sqsPort,
                template,
                stackName,
                apiKey,
                parameters,
                scheduleEvery,
                1.0);
    }

    /** template.yaml in the working directory or the nearest folder above it. */
    public static Path findTemplate(Path from) {
        for (Path dir = from.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("template.yaml");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException(
                "No template.yaml in " + from.toAbsolutePath() + " or above; pass --template");
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(index);
    }

    private static int port(String text, String option) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be a port number from 0 to 65535, not '" + text + "'");
    }
}
