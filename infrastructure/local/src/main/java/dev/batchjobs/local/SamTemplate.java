package dev.batchjobs.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code template.yaml}, read the way CloudFormation reads it: the short tags ({@code !Ref}, {@code !Sub},
 * {@code !GetAtt}, ...) become their long forms, and {@link #resolve(Object)} evaluates them against the
 * parameters' defaults, the pseudo parameters and the local names of the resources ({@link CfnIntrinsics}).
 * The local cloud learns everything it runs from here, so a mistake in the template fails locally too: the
 * typed reads ({@link #functions()}, {@link #tables()}, {@link #queues()}, ...) are what it runs from, and the
 * YAML is cast in one place only, {@link #asMap(Object)}.
 */
public final class SamTemplate {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> root;
    private final String stackName;
    private final CfnIntrinsics intrinsics;

    private SamTemplate(Map<String, Object> root, String stackName, Map<String, String> parameterOverrides) {
        this.root = root;
        this.stackName = stackName;
        this.intrinsics = new CfnIntrinsics(root, stackName, parameterOverrides);
    }

    public static SamTemplate load(Path path, String stackName, Map<String, String> parameterOverrides) {
        try (Reader reader = Files.newBufferedReader(path)) {
            Map<String, Object> root = new Yaml(new CfnIntrinsics.CfnConstructor()).load(reader);
            return new SamTemplate(root, stackName, parameterOverrides);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the template " + path.toAbsolutePath(), e);
        }
    }

    public String stackName() {
        return stackName;
    }

    /** The ARN a resource's {@code !GetAtt X.Arn} resolves to. */
    String arn(String logicalId) {
        return String.valueOf(intrinsics.getAtt(logicalId, "Arn"));
    }

    /** Tells the template the URLs of the queues it declared, now that they exist. */
    void useQueueUrls(Map<String, String> urls) {
        intrinsics.useQueueUrls(urls);
    }

    /** The URL of the queue whose ARN this is (as {@code !GetAtt Queue.Arn} resolves), if the template declares it. */
    Optional<String> queueUrlForArn(String arn) {
        return asMap(root.get("Resources")).entrySet().stream()
                .filter(r -> "AWS::SQS::Queue".equals(asMap(r.getValue()).get("Type")))
                .filter(r -> intrinsics.getAtt(r.getKey(), "Arn").equals(arn))
                .map(r -> intrinsics.queueUrl(r.getKey()))
                .filter(Objects::nonNull)
                .findFirst();
    }

    /** The name the local cloud gives a queue: its QueueName, or the stack name and logical id. */
    String queueName(String logicalId) {
        return intrinsics.queueName(logicalId);
    }

    /** Evaluates the intrinsic functions in a value. */
    public Object resolve(Object value) {
        return intrinsics.resolve(value);
    }

    /** Logical id → resolved properties, for every resource of the type, in template order. */
    public Map<String, Map<String, Object>> resources(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        asMap(root.get("Resources")).forEach((id, value) -> {
            Map<String, Object> resource = asMap(value);
            if (type.equals(resource.get("Type"))) {
                found.put(id, asMap(resolve(resource.getOrDefault("Properties", Map.of()))));
            }
        });
        return found;
    }

    /** Globals.Function merged under a function's own properties, resolved. */
    public Map<String, Object> functionGlobals() {
        Map<String, Object> globals = asMap(root.getOrDefault("Globals", Map.of()));
        return asMap(resolve(globals.getOrDefault("Function", Map.of())));
    }

    /** The environment a function runs with: the global variables, then its own, as strings. */
    public Map<String, String> environment(Map<String, Object> functionProperties) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> source : List.of(functionGlobals(), functionProperties)) {
            Map<String, Object> environment = asMap(source.getOrDefault("Environment", Map.of()));
            asMap(environment.getOrDefault("Variables", Map.of()))
                    .forEach((name, value) -> env.put(name, String.valueOf(value)));
        }
        return env;
    }

    // ------------------------------------------------------------------ the resources, typed

    /** A function as the local cloud runs it: Globals.Function under its own properties, and its events. */
    public record Function(
            String logicalId,
            String arn,
            String handlerClass,
            int memoryMb,
            int timeoutSeconds,
            Map<String, String> environment,
            List<HttpRoute> httpRoutes,
            List<Schedule> schedules,
            List<SqsSource> sqsSources) {}

    /** An {@code HttpApi} event: a method (or ANY) and a path; no path is the {@code $default} route. */
    public record HttpRoute(String method, Optional<String> path) {}

    /** A {@code Schedule} event: its expression, e.g. {@code rate(1 minute)}. */
    public record Schedule(String expression) {}

    /**
     * An {@code SQS} event: the queue's ARN, the batch size, whether failures are reported per message, and its
     * {@code ScalingConfig.MaximumConcurrency} (how many invocations it may run at once) when it sets one.
     */
    public record SqsSource(
            String queueArn, int batchSize, boolean reportsItemFailures, Optional<Integer> maximumConcurrency) {}

    /** An {@code AWS::DynamoDB::Table}; the time-to-live attribute when time to live is enabled. */
    public record Table(
            String name,
            List<Attribute> attributes,
            List<KeyElement> keySchema,
            List<Index> globalSecondaryIndexes,
            Optional<String> timeToLiveAttribute) {}

    public record Attribute(String name, String type) {}

    public record KeyElement(String attributeName, String keyType) {}

    /** A global secondary index; {@code nonKeyAttributes} are what an {@code INCLUDE} projection adds to the keys. */
    public record Index(
            String name, List<KeyElement> keySchema, String projectionType, List<String> nonKeyAttributes) {}

    /** An {@code AWS::S3::Bucket}. */
    public record Bucket(String name) {}

    /** An {@code AWS::SQS::Queue} under its local name, with the attributes the template sets. */
    public record Queue(
            String logicalId,
            String name,
            Optional<String> fifoQueue,
            Optional<String> contentBasedDeduplication,
            Optional<String> visibilityTimeout,
            Optional<String> messageRetentionPeriod,
            Optional<String> delaySeconds,
            Optional<RedrivePolicy> redrivePolicy) {}

    public record RedrivePolicy(String deadLetterTargetArn, String maxReceiveCount) {}

    /** An {@code AWS::Events::Rule}; no bus name means the default bus. */
    public record Rule(String logicalId, Optional<String> eventBusName, JsonNode eventPattern, List<Target> targets) {}

    public record Target(String id, String arn) {}

    /** An {@code AWS::Serverless::StateMachine}: its definition file, substitutions and EventBridgeRule events. */
    public record StateMachine(
            String logicalId,
            String definitionUri,
            Map<String, String> definitionSubstitutions,
            List<EventRule> eventRules) {}

    /** An {@code EventBridgeRule} event of a state machine, by its name under Events. */
    public record EventRule(String name, JsonNode pattern) {}

    /** Every function, in template order. */
    public List<Function> functions() {
        Map<String, Object> globals = functionGlobals();
        List<Function> functions = new ArrayList<>();
        resources("AWS::Serverless::Function").forEach((id, own) -> {
            Map<String, Object> merged = new LinkedHashMap<>(globals);
            merged.putAll(own);
            Props properties = new Props(merged);
            List<HttpRoute> routes = new ArrayList<>();
            List<Schedule> schedules = new ArrayList<>();
            List<SqsSource> sqsSources = new ArrayList<>();
            for (Props event : new Props(own).entries("Events").values()) {
                Props p = event.props("Properties");
                switch (event.string("Type")) {
                    case "Schedule" -> schedules.add(new Schedule(p.string("Schedule")));
                    case "SQS" ->
                        sqsSources.add(new SqsSource(
                                p.string("Queue"),
                                p.integer("BatchSize", "10"),
                                p.string("FunctionResponseTypes", "").contains("ReportBatchItemFailures"),
                                p.props("ScalingConfig")
                                        .optional("MaximumConcurrency")
                                        .map(Integer::parseInt)));
                    case "HttpApi" ->
                        routes.add(new HttpRoute(
                                p.string("Method", "ANY"),
                                Optional.ofNullable(p.get("Path")).map(String::valueOf)));
                    default -> {
                        // not an event the local cloud delivers
                    }
                }
            }
            functions.add(new Function(
                    id,
                    arn(id),
                    properties.string("Handler").split("::")[0],
                    properties.integer("MemorySize", "128"),
                    properties.integer("Timeout", "3"),
                    environment(own),
                    List.copyOf(routes),
                    List.copyOf(schedules),
                    List.copyOf(sqsSources)));
        });
        return functions;
    }

    /** Every table, in template order. */
    public List<Table> tables() {
        return resources("AWS::DynamoDB::Table").values().stream()
                .map(Props::new)
                .map(t -> {
                    Props ttl = t.props("TimeToLiveSpecification");
                    return new Table(
                            t.string("TableName"),
                            t.list("AttributeDefinitions").stream()
                                    .map(a -> new Attribute(a.string("AttributeName"), a.string("AttributeType")))
                                    .toList(),
                            keySchema(t.list("KeySchema")),
                            t.list("GlobalSecondaryIndexes").stream()
                                    .map(i -> new Index(
                                            i.string("IndexName"),
                                            keySchema(i.list("KeySchema")),
                                            i.props("Projection").string("ProjectionType"),
                                            i.props("Projection").texts("NonKeyAttributes")))
                                    .toList(),
                            Boolean.parseBoolean(ttl.string("Enabled"))
                                    ? Optional.of(ttl.string("AttributeName"))
                                    : Optional.empty());
                })
                .toList();
    }

    private static List<KeyElement> keySchema(List<Props> elements) {
        return elements.stream()
                .map(k -> new KeyElement(k.string("AttributeName"), k.string("KeyType")))
                .toList();
    }

    /** Every bucket, in template order. */
    public List<Bucket> buckets() {
        return resources("AWS::S3::Bucket").values().stream()
                .map(b -> new Bucket(new Props(b).string("BucketName")))
                .toList();
    }

    /** Every queue, in template order, under the name the local cloud gives it. */
    public List<Queue> queues() {
        List<Queue> queues = new ArrayList<>();
        resources("AWS::SQS::Queue").forEach((id, properties) -> {
            Props q = new Props(properties);
            Optional<RedrivePolicy> redrive = q.get("RedrivePolicy") instanceof Map<?, ?>
                    ? Optional.of(q.props("RedrivePolicy"))
                            .map(p -> new RedrivePolicy(p.string("deadLetterTargetArn"), p.string("maxReceiveCount")))
                    : Optional.empty();
            queues.add(new Queue(
                    id,
                    queueName(id),
                    q.optional("FifoQueue"),
                    q.optional("ContentBasedDeduplication"),
                    q.optional("VisibilityTimeout"),
                    q.optional("MessageRetentionPeriod"),
                    q.optional("DelaySeconds"),
                    redrive));
        });
        return queues;
    }

    /** Every {@code AWS::Events::Rule}, in template order. */
    public List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        resources("AWS::Events::Rule").forEach((id, properties) -> {
            Props r = new Props(properties);
            rules.add(new Rule(
                    id,
                    r.optional("EventBusName"),
                    JSON.valueToTree(r.get("EventPattern")),
                    r.list("Targets").stream()
                            .map(t -> new Target(t.string("Id"), t.string("Arn")))
                            .toList()));
        });
        return rules;
    }

    /** Every state machine, in template order. */
    public List<StateMachine> stateMachines() {
        List<StateMachine> machines = new ArrayList<>();
        resources("AWS::Serverless::StateMachine").forEach((id, properties) -> {
            Props m = new Props(properties);
            List<EventRule> rules = new ArrayList<>();
            m.entries("Events").forEach((name, event) -> {
                if ("EventBridgeRule".equals(event.get("Type"))) {
                    rules.add(new EventRule(
                            name, JSON.valueToTree(event.props("Properties").get("Pattern"))));
                }
            });
            machines.add(new StateMachine(
                    id, m.string("DefinitionUri"), m.strings("DefinitionSubstitutions"), List.copyOf(rules)));
        });
        return machines;
    }

    /** A YAML mapping of the template as the map it is: the one place the template's YAML is cast. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object mapping) {
        return (Map<String, Object>) mapping;
    }

    /** Resolved properties read by type. */
    private record Props(Map<String, Object> map) {
        private static Props of(Object value) {
            return new Props(value == null ? Map.of() : asMap(value));
        }

        Object get(String key) {
            return map.get(key);
        }

        String string(String key) {
            return String.valueOf(map.get(key));
        }

        String string(String key, String otherwise) {
            return String.valueOf(map.getOrDefault(key, otherwise));
        }

        Optional<String> optional(String key) {
            return Optional.ofNullable(map.get(key)).map(String::valueOf);
        }

        int integer(String key, String otherwise) {
            return Integer.parseInt(string(key, otherwise));
        }

        Props props(String key) {
            return of(map.get(key));
        }

        List<String> texts(String key) {
            return map.get(key) instanceof List<?> list
                    ? list.stream().map(String::valueOf).toList()
                    : List.of();
        }

        List<Props> list(String key) {
            return map.get(key) instanceof List<?> list
                    ? list.stream().map(Props::of).toList()
                    : List.of();
        }

        Map<String, Props> entries(String key) {
            Map<String, Props> entries = new LinkedHashMap<>();
            props(key).map().forEach((name, value) -> entries.put(name, of(value)));
            return entries;
        }

        Map<String, String> strings(String key) {
            Map<String, String> strings = new LinkedHashMap<>();
            props(key).map().forEach((name, value) -> strings.put(name, String.valueOf(value)));
            return strings;
        }
    }
}
