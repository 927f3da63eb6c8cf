package dev.batchjobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.batchjobs.api.BatchJobsApi;
import dev.batchjobs.wiring.Config;
import dev.batchjobs.wiring.Wiring;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** Holds template.yaml and the code together: handlers, environment and routes. */
class TemplateTest {
    private final SamTemplate template =
            SamTemplate.load(LocalCloudOptions.findTemplate(Path.of("")), "batchjobs", Map.of());
    private final Map<String, Map<String, Object>> functions = template.resources("AWS::Serverless::Function");
    /**
     * The template as written, intrinsics unresolved: what refers to what (a {@code Ref} or {@code Fn::GetAtt} names
     * its logical id), and what {@link SamTemplate#resources} does not give: a resource's Condition, and the
     * resources SAM generates at deploy time, which the local cloud cannot resolve.
     */
    private final Map<String, Object> written = loadWritten();

    @Test
    void everyHandlerTheTemplateNamesExistsWithItsMethodAndNoArgConstructor() throws Exception {
        assertThat(functions).isNotEmpty();
        for (var function : functions.entrySet()) {
            String[] handler =
                    String.valueOf(function.getValue().get("Handler")).split("::");
            Class<?> type = Class.forName(handler[0]);
            assertThat(RequestHandler.class).as(function.getKey()).isAssignableFrom(type);
            assertThat(type.getConstructor())
                    .as(function.getKey() + " no-arg constructor")
                    .isNotNull();
            assertThat(List.of(type.getMethods()))
                    .as(function.getKey() + " method")
                    .anyMatch(m -> m.getName().equals(handler[1]));
        }
    }

    /** java17 can no longer be deployed (creation disabled 2026-07-31); the jar's Java 17 classes run on both. */
    @Test
    void everyFunctionRunsOnASupportedJavaRuntime() {
        for (var function : functions.entrySet()) {
            Object runtime = function.getValue()
                    .getOrDefault("Runtime", template.functionGlobals().get("Runtime"));
            assertThat(String.valueOf(runtime)).as(function.getKey()).isIn("java21", "java25");
        }
    }

    /** C1-only JIT starts fastest, right for short calls, wrong for the 15-minute CPU-bound ones. */
    @Test
    void onlyShortFunctionsStopTheJitAtItsFirstTier() {
        assertThat(template.environment(Map.of())).doesNotContainKey("JAVA_TOOL_OPTIONS");
        for (var function : functions.entrySet()) {
            Object timeout = function.getValue()
                    .getOrDefault("Timeout", template.functionGlobals().get("Timeout"));
            String options = template.environment(function.getValue()).getOrDefault("JAVA_TOOL_OPTIONS", "");
            if (Integer.parseInt(String.valueOf(timeout)) >= 180) {
                assertThat(options).as(function.getKey()).doesNotContain("TieredStopAtLevel");
            }
        }
    }

    /** SnapStart restores published versions only: a function with it publishes an alias, which its routes invoke. */
    @Test
    void aSnapStartedFunctionPublishesTheAliasItIsInvokedThrough() {
        assertThat(functions.values()).anyMatch(f -> f.containsKey("SnapStart"));
        for (var function : functions.entrySet()) {
            if (function.getValue().containsKey("SnapStart")) {
                assertThat(function.getValue()).as(function.getKey()).containsKey("AutoPublishAlias");
            }
        }
    }

    @Test
    void everyVariableTheCodeReadsIsSetForEveryFunction() {
        for (var function : functions.entrySet()) {
            assertThat(template.environment(function.getValue()).keySet())
                    .as(function.getKey())
                    .containsAll(Config.TEMPLATE_VARIABLES);
        }
    }

    @Test
    void onlyTheWorkerHoldsTheTargetsSettingsAndCredential() {
        for (var function : functions.entrySet()) {
            boolean worker = String.valueOf(function.getValue().get("Handler")).contains("ChunkWorkerHandler");
            var names = template.environment(function.getValue()).keySet();
            if (worker) {
                assertThat(names).as(function.getKey()).containsAll(Config.WORKER_VARIABLES);
            } else {
                assertThat(names).as(function.getKey()).doesNotContainAnyElementsOf(Config.WORKER_VARIABLES);
            }
        }
    }

    @Test
    void noFunctionEnvironmentHoldsASecret() {
        Map<String, Object> parameters = SamTemplate.asMap(written.get("Parameters"));
        Set<String> noEcho = new HashSet<>();
        parameters.forEach((name, value) -> {
            if (Boolean.TRUE.equals(SamTemplate.asMap(value).get("NoEcho"))) {
                noEcho.add(name);
            }
        });
        Pattern secretName = Pattern.compile("SECRET|PASSWORD|TOKEN|AUTHORIZATION|CREDENTIAL|API_KEY(?!S_TABLE)");
        Map<String, Object> environments = new LinkedHashMap<>();
        environments.put(
                "Globals",
                environmentAsWritten(SamTemplate.asMap(
                        SamTemplate.asMap(written.get("Globals")).get("Function"))));
        declared("AWS::Serverless::Function")
                .forEach((id, resource) -> environments.put(id, environmentAsWritten(properties(resource))));
        environments.forEach((owner, variables) -> SamTemplate.asMap(variables).forEach((name, value) -> {
            // A secret's ARN is where to read it (with IAM), not the secret: the one allowed secret-looking name.
            if (!name.endsWith("_SECRET_ARN")) {
                assertThat(secretName.matcher(name).find())
                        .as(owner + " " + name)
                        .isFalse();
            }
            assertThat(referencedId(value).filter(noEcho::contains))
                    .as(owner + " " + name + " takes a NoEcho parameter")
                    .isEmpty();
            assertThat(String.valueOf(value)).as(owner + " " + name).doesNotContainPattern("(sk|rk)_(live|test)_");
        }));
    }

    @Test
    void onlyTheWorkerMayReadTheTargetsSecretAndOnlyThatOne() {
        declared("AWS::Serverless::Function").forEach((id, resource) -> {
            String policies = String.valueOf(properties(resource).get("Policies"));
            if (id.equals("ChunkWorkerFunction")) {
                assertThat(policies)
                        .contains("secretsmanager:GetSecretValue")
                        .contains("Resource={Ref=TargetAuthorizationSecretArn}");
            } else {
                assertThat(policies).as(id).doesNotContain("secretsmanager");
            }
        });
    }

    /**
     * What each function may do, written from the code paths its handler's use cases take (see {@code Wiring}): the
     * local cloud does not enforce IAM, so a permission missing here would fail only on AWS, and one too many would
     * go unseen. Writes through the job store are DynamoDB transactions (Put, Update, ConditionCheck) with reads
     * by key, batch and query; S3 is scoped to the prefix each function touches.
     */
    private static final Map<String, Set<String>> ALLOWED = allowList();

    private static Map<String, Set<String>> allowList() {
        List<String> write = List.of("GetItem", "BatchGetItem", "Query", "PutItem", "UpdateItem", "ConditionCheckItem");
        List<String> read = List.of("GetItem", "BatchGetItem", "Query", "Scan", "DescribeTable"); // SAM's read policy
        List<String> readWriteResults = List.of("s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload");
        Set<String> jobWriter = new HashSet<>();
        write.forEach(a -> jobWriter.add("dynamodb:" + a + " JobsTable"));
        write.forEach(a -> jobWriter.add("dynamodb:" + a + " EventsTable"));
        jobWriter.add("events:PutEvents EventBus");
        // The pinned copy a job runs (and, for jobs begun before pinning, the upload itself).
        Set<String> resultsWriter =
                new HashSet<>(Set.of("s3:GetObject pinned/*", "s3:GetObject inputs/*", "s3:ListBucket DataBucket"));
        readWriteResults.forEach(a -> resultsWriter.add(a + " results/*"));
        read.forEach(a -> resultsWriter.add("dynamodb:" + a + " FailuresTable"));
        String taskSuccess = "states:SendTaskSuccess batch-job";

        Map<String, Set<String>> allowed = new HashMap<>();
        Set<String> api = new HashSet<>(jobWriter);
        write.forEach(a -> api.add("dynamodb:" + a + " DestinationsTable"));
        api.add("dynamodb:DeleteItem DestinationsTable");
        read.forEach(a -> api.add("dynamodb:" + a + " FailuresTable"));
        read.forEach(a -> api.add("dynamodb:" + a + " ApiKeysTable"));
        api.addAll(Set.of("s3:PutObject inputs/*", "s3:GetObject results/*")); // presigned upload and downloads
        api.add("sqs:SendMessage* ChunkQueue"); // a resume queues the chunks again
        // Results so far write a snapshot of the parts; a retry writes its input from the parent's and starts its run.
        api.addAll(Set.of(
                "s3:PutObject results/*",
                "s3:AbortMultipartUpload results/*",
                "s3:PutObject pinned/*",
                "s3:AbortMultipartUpload pinned/*",
                "s3:GetObject pinned/*",
                "s3:GetObject inputs/*",
                "states:StartExecution BatchJobStateMachine"));
        allowed.put("ApiFunction", api);

        Set<String> worker = new HashSet<>(jobWriter);
        resultsWriter.stream().filter(a -> !a.endsWith("FailuresTable")).forEach(worker::add);
        write.forEach(a -> worker.add("dynamodb:" + a + " FailuresTable"));
        worker.addAll(Set.of("sqs:SendMessage* ChunkQueue", taskSuccess));
        worker.add("secretsmanager:GetSecretValue TargetAuthorizationSecretArn");
        // The shares of the target's ceiling: one item per target, read and replaced whole.
        worker.addAll(Set.of("dynamodb:GetItem TargetLeasesTable", "dynamodb:PutItem TargetLeasesTable"));
        allowed.put("ChunkWorkerFunction", worker);

        Set<String> webhooks = new HashSet<>();
        read.forEach(a -> webhooks.add("dynamodb:" + a + " EventsTable"));
        read.forEach(a -> webhooks.add("dynamodb:" + a + " DestinationsTable"));
        webhooks.addAll(Set.of("sqs:SendMessage* WebhookQueue", "sqs:SendMessage* WebhookDeadLetterQueue"));
        allowed.put("WebhookDispatcherFunction", webhooks);

        Set<String> begin = new HashSet<>(jobWriter);
        // Copies the upload to pinned/ (GetObject on the source, PutObject and a HEAD on the copy).
        begin.addAll(Set.of("s3:GetObject inputs/*", "s3:GetObject pinned/*", "s3:PutObject pinned/*"));
        allowed.put("BeginFunction", begin);
        allowed.put("FailFunction", jobWriter);
        Set<String> deadLetters = new HashSet<>(jobWriter);
        deadLetters.add(taskSuccess);
        allowed.put("ChunkDeadLetterFunction", deadLetters);
        Set<String> dispatch = new HashSet<>();
        write.forEach(a -> dispatch.add("dynamodb:" + a + " JobsTable"));
        dispatch.addAll(Set.of("sqs:SendMessage* ChunkQueue", taskSuccess));
        allowed.put("DispatchFunction", dispatch);

        Set<String> prepare = new HashSet<>(jobWriter);
        resultsWriter.stream().filter(a -> !a.endsWith("FailuresTable")).forEach(prepare::add);
        allowed.put("PrepareFunction", prepare);
        Set<String> finish = new HashSet<>(jobWriter);
        finish.addAll(resultsWriter);
        allowed.put("FinishFunction", finish);
        Set<String> sweeper = new HashSet<>(finish);
        sweeper.add("states:StartExecution BatchJobStateMachine"); // an upload whose event never came
        allowed.put("SweeperFunction", sweeper);
        return allowed;
    }

    @Test
    void everyFunctionMayDoExactlyWhatItsCodePathsNeed() {
        Map<String, Set<String>> granted = new LinkedHashMap<>();
        declared("AWS::Serverless::Function")
                .forEach((id, resource) ->
                        granted.put(id, grants(properties(resource).get("Policies"))));

        assertThat(granted).containsOnlyKeys(ALLOWED.keySet());
        granted.forEach(
                (id, actions) -> assertThat(actions).as(id).containsExactlyInAnyOrderElementsOf(ALLOWED.get(id)));
    }

    @Test
    void noFunctionHasWholeBucketOrWildcardAccess() {
        declared("AWS::Serverless::Function").forEach((id, resource) -> {
            String policies = String.valueOf(properties(resource).get("Policies"));
            assertThat(policies).as(id).doesNotContain("CrudPolicy", "FullAccess", "${DataBucket}/*", ":*\"");
            assertThat(grants(properties(resource).get("Policies")))
                    .as(id)
                    .noneMatch(g -> g.contains("*:") || g.startsWith("* "));
        });
    }

    /** Each policy entry as {@code action resource}: an explicit statement's, or what a SAM policy template grants. */
    private static Set<String> grants(Object policies) {
        Set<String> grants = new HashSet<>();
        for (Object entry : (List<?>) policies) {
            Map<String, Object> policy = SamTemplate.asMap(entry);
            if (policy.containsKey("Fn::If")) {
                policy = SamTemplate.asMap(((List<?>) policy.get("Fn::If")).get(1));
            }
            for (var template : policy.entrySet()) {
                Map<String, Object> argument =
                        template.getValue() instanceof Map<?, ?> ? SamTemplate.asMap(template.getValue()) : Map.of();
                String named = argument.values().stream()
                        .map(v -> referencedId(v).orElse(String.valueOf(v)))
                        .findFirst()
                        .orElse("");
                switch (template.getKey()) {
                    case "DynamoDBReadPolicy" ->
                        List.of("GetItem", "BatchGetItem", "Query", "Scan", "DescribeTable")
                                .forEach(a -> grants.add("dynamodb:" + a + " " + named));
                    case "EventBridgePutEventsPolicy" -> grants.add("events:PutEvents " + named);
                    case "SQSSendMessagePolicy" -> grants.add("sqs:SendMessage* " + named);
                    case "Statement" -> {
                        for (Object statement : (List<?>) template.getValue()) {
                            Map<String, Object> st = SamTemplate.asMap(statement);
                            List<?> actions = st.get("Action") instanceof List<?> l ? l : List.of(st.get("Action"));
                            List<?> resources =
                                    st.get("Resource") instanceof List<?> l ? l : List.of(st.get("Resource"));
                            for (Object action : actions) {
                                for (Object resourceValue : resources) {
                                    grants.add(action + " " + resourceName(resourceValue));
                                }
                            }
                        }
                    }
                    default -> grants.add("unknown policy template " + template.getKey());
                }
            }
        }
        // A table's index ARN names the same table.
        return grants;
    }

    /** A resource as the allow-list names it: a logical id, an S3 prefix, the state machine, or the raw value. */
    private static String resourceName(Object value) {
        Optional<String> id = referencedId(value);
        if (id.isPresent()) {
            return id.get();
        }
        String text = String.valueOf(value);
        Matcher index = Pattern.compile("\\$\\{(\\w+)\\.Arn}/index/\\*").matcher(text);
        if (index.find()) {
            return index.group(1);
        }
        Matcher object = Pattern.compile("\\$\\{DataBucket}/(.+?)[\"}]").matcher(text);
        if (object.find()) {
            return object.group(1);
        }
        if (text.contains(":s3:::${DataBucket}")) {
            return "DataBucket";
        }
        if (text.contains("stateMachine:${AWS::StackName}-batch-job")) {
            return "batch-job";
        }
        return text;
    }

    private static Object environmentAsWritten(Map<String, Object> properties) {
        return SamTemplate.asMap(SamTemplate.asMap(properties.getOrDefault("Environment", Map.of()))
                .getOrDefault("Variables", Map.of()));
    }

    @Test
    void samconfigDeploysThisTemplateWithParametersItDeclares() throws IOException {
        Path samconfig = LocalCloudOptions.findTemplate(Path.of("")).resolveSibling("samconfig.toml");
        String text = Files.readString(samconfig);
        assertThat(text).contains("template_file = \"template.yaml\"").contains("CAPABILITY_IAM");
        Matcher overrides =
                Pattern.compile("(?m)^parameter_overrides = \"(.*)\"$").matcher(text);
        assertThat(overrides.find()).isTrue();
        Set<String> declared = SamTemplate.asMap(written.get("Parameters")).keySet();
        for (String pair : overrides.group(1).split(" ")) {
            assertThat(declared).contains(pair.substring(0, pair.indexOf('=')));
        }
    }

    @Test
    void theWiringBuildsEveryHandlerTheTemplateNames() {
        // Each function from its own environment, as on AWS: a variable only one function gets is there for it.
        for (var function : functions.values()) {
            Map<String, String> env = new HashMap<>(template.environment(function));
            env.put("AWS_REGION", "us-east-1");
            env.put("AWS_ACCESS_KEY_ID", "test");
            env.put("AWS_SECRET_ACCESS_KEY", "test");
            try (Wiring wiring = Wiring.create(env)) {
                String handlerClass = String.valueOf(function.get("Handler")).split("::")[0];
                assertThat(LocalFunctions.newHandler(wiring, handlerClass)
                                .getClass()
                                .getName())
                        .isEqualTo(handlerClass);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theHttpApiRoutesAreExactlyTheApisRoutesPlusTheFallback() {
        List<String> routes = new ArrayList<>();
        boolean fallback = false;
        for (var function : functions.values()) {
            Map<String, Map<String, Object>> events =
                    (Map<String, Map<String, Object>>) function.getOrDefault("Events", Map.of());
            for (var event : events.values()) {
                if (!"HttpApi".equals(event.get("Type"))) {
                    continue;
                }
                Map<String, Object> properties = (Map<String, Object>) event.getOrDefault("Properties", Map.of());
                if (properties.get("Path") == null) {
                    fallback = true;
                } else {
                    routes.add(properties.get("Method") + " " + properties.get("Path"));
                }
            }
        }
        assertThat(routes).containsExactlyInAnyOrderElementsOf(BatchJobsApi.routeKeys());
        assertThat(fallback)
                .as("a $default route, so unknown paths answer in the error envelope")
                .isTrue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theStateMachineSubstitutesEveryPlaceholderOfItsDefinitionWithAFunction() throws Exception {
        var machine = template.resources("AWS::Serverless::StateMachine")
                .values()
                .iterator()
                .next();
        Path definition = LocalCloudOptions.findTemplate(Path.of(""))
                .getParent()
                .resolve(String.valueOf(machine.get("DefinitionUri")));
        Matcher matcher = Pattern.compile("\\$\\{([A-Za-z]+)}").matcher(Files.readString(definition));
        Set<String> placeholders = new HashSet<>();
        while (matcher.find()) {
            placeholders.add(matcher.group(1));
        }
        Map<String, Object> substitutions = (Map<String, Object>) machine.get("DefinitionSubstitutions");

        assertThat(substitutions.keySet()).containsExactlyInAnyOrderElementsOf(placeholders);
        assertThat(substitutions.values())
                .allSatisfy(arn -> assertThat(String.valueOf(arn)).startsWith("arn:aws:lambda:"));
    }

    @Test
    void intrinsicsResolveToTheLocalNames() {
        Map<String, String> env = template.environment(Map.of());

        assertThat(env)
                .containsEntry(Config.JOBS_TABLE, "batchjobs-jobs")
                .containsEntry(Config.DATA_BUCKET, "batchjobs-data-000000000000")
                .containsEntry(Config.UPLOAD_URL_TTL_SECONDS, "300");
        assertThat(SamTemplate.load(
                                LocalCloudOptions.findTemplate(Path.of("")),
                                "other",
                                Map.of("UploadUrlTtlSeconds", "90"))
                        .environment(Map.of()))
                .containsEntry(Config.JOBS_TABLE, "other-jobs")
                .containsEntry(Config.UPLOAD_URL_TTL_SECONDS, "90");
    }

    // ------------------------------------------------------------------ operations: logs, retries, alarms

    /** Lambda's own log groups are created on first write and kept forever; ours are declared, and expire. */
    @Test
    void everyFunctionLogsToItsOwnLogGroupKeptForTheRetentionParameter() {
        Map<String, Map<String, Object>> logGroups = declared("AWS::Logs::LogGroup");
        Set<String> used = new LinkedHashSet<>();
        for (var function : declared("AWS::Serverless::Function").entrySet()) {
            Object logGroup = SamTemplate.asMap(properties(function.getValue()).getOrDefault("LoggingConfig", Map.of()))
                    .get("LogGroup");
            Optional<String> id = referencedId(logGroup);
            assertThat(id)
                    .as(function.getKey() + " LoggingConfig.LogGroup refers to a log group of the template")
                    .isPresent()
                    .get()
                    .satisfies(g -> assertThat(logGroups).containsKey(g));
            assertThat(used.add(id.get()))
                    .as(function.getKey() + " has a log group of its own")
                    .isTrue();
        }
        assertThat(logGroups)
                .allSatisfy((id, group) -> assertThat(properties(group).get("RetentionInDays"))
                        .as(id + " RetentionInDays")
                        .isEqualTo(Map.of("Ref", "LogRetentionDays")));
        assertThat(SamTemplate.load(
                                LocalCloudOptions.findTemplate(Path.of("")),
                                "batchjobs",
                                Map.of("LogRetentionDays", "7"))
                        .resources("AWS::Logs::LogGroup"))
                .allSatisfy((id, group) -> assertThat(String.valueOf(group.get("RetentionInDays")))
                        .as(id)
                        .isEqualTo("7"));
    }

    /** Without it a failed execution leaves no trace beyond its history, which expires after 90 days. */
    @Test
    @SuppressWarnings("unchecked")
    void theStateMachineLogsItsErrorsToALogGroupItMayDeliverTo() {
        Map<String, Map<String, Object>> machines = declared("AWS::Serverless::StateMachine");
        assertThat(machines).isNotEmpty();
        for (var machine : machines.entrySet()) {
            Map<String, Object> properties = properties(machine.getValue());
            Map<String, Object> logging = SamTemplate.asMap(properties.getOrDefault("Logging", Map.of()));
            assertThat(logging)
                    .as(machine.getKey() + " Logging")
                    .containsEntry("Level", "ERROR")
                    .containsEntry("IncludeExecutionData", false);
            List<Map<String, Object>> destinations =
                    (List<Map<String, Object>>) logging.getOrDefault("Destinations", List.of());
            assertThat(destinations).as(machine.getKey() + " log destinations").hasSize(1);
            Object arn = SamTemplate.asMap(destinations.get(0).get("CloudWatchLogsLogGroup"))
                    .get("LogGroupArn");
            assertThat(referencedId(arn))
                    .as(machine.getKey() + " logs to a log group of the template")
                    .get()
                    .satisfies(g -> assertThat(declared("AWS::Logs::LogGroup")).containsKey(g));
            assertThat(String.valueOf(properties.get("Policies")))
                    .as(machine.getKey() + " may deliver its logs")
                    .contains(
                            "logs:CreateLogDelivery",
                            "logs:GetLogDelivery",
                            "logs:UpdateLogDelivery",
                            "logs:DeleteLogDelivery",
                            "logs:ListLogDeliveries",
                            "logs:PutResourcePolicy",
                            "logs:DescribeResourcePolicies",
                            "logs:DescribeLogGroups");
        }
    }

    /** An event EventBridge cannot hand over is retried, then kept in a dead-letter queue; never dropped silently. */
    @Test
    void everyEventBridgeTargetRetriesAndKeepsWhatItCannotDeliver() {
        int targets = 0;
        for (var rule : declared("AWS::Events::Rule").entrySet()) {
            for (Object target : (List<?>) properties(rule.getValue()).getOrDefault("Targets", List.of())) {
                Map<String, Object> t = SamTemplate.asMap(target);
                assertThat(t)
                        .as(rule.getKey() + " target " + t.get("Id"))
                        .containsKeys("RetryPolicy", "DeadLetterConfig");
                targets++;
            }
        }
        for (var event : eventBridgeEvents().entrySet()) {
            assertThat(event.getValue()).as(event.getKey()).containsKeys("RetryPolicy", "DeadLetterConfig");
            targets++;
        }
        assertThat(targets)
                .as("the events rule, the upload rule and the sweeper's schedule")
                .isGreaterThanOrEqualTo(3);
    }

    /**
     * Whatever lands in a dead-letter queue needs an operator: the first message pages someone. A queue that a
     * function drains at once (the chunk dead-letter queue) never shows a waiting message, so its alarm counts the
     * messages received instead.
     */
    @Test
    void everyDeadLetterQueueHasAnAlarmThatNotifiesSomeone() {
        Set<String> deadLetterQueues = deadLetterQueues();
        assertThat(deadLetterQueues)
                .contains("ChunkDeadLetterQueue", "WebhookDeadLetterQueue", "EventsRuleDeadLetterQueue");
        Map<String, Map<String, Object>> alarms = declared("AWS::CloudWatch::Alarm");
        for (String queue : deadLetterQueues) {
            assertThat(alarms.values())
                    .as(queue + " has an alarm on its first message, with actions")
                    .anyMatch(alarm -> {
                        Map<String, Object> p = properties(alarm);
                        return "AWS/SQS".equals(p.get("Namespace"))
                                && List.of("ApproximateNumberOfMessagesVisible", "NumberOfMessagesReceived")
                                        .contains(p.get("MetricName"))
                                && dimension(p, "QueueName")
                                        .flatMap(TemplateTest::referencedId)
                                        .filter(queue::equals)
                                        .isPresent()
                                && "GreaterThanThreshold".equals(p.get("ComparisonOperator"))
                                && Double.parseDouble(String.valueOf(p.get("Threshold"))) == 0
                                && p.get("AlarmActions") instanceof List<?> actions
                                && !actions.isEmpty();
                    });
        }
    }

    /** An alarm nobody hears is a graph: every one notifies the alarm topic, when it fires and when it clears. */
    @Test
    void everyAlarmNotifiesTheAlarmTopicWhenItFiresAndWhenItClears() {
        Map<String, Map<String, Object>> alarms = declared("AWS::CloudWatch::Alarm");
        assertThat(alarms).isNotEmpty();
        for (var alarm : alarms.entrySet()) {
            Map<String, Object> p = properties(alarm.getValue());
            assertThat(String.valueOf(p.getOrDefault("AlarmDescription", "")))
                    .as(alarm.getKey() + " says what to do")
                    .isNotBlank();
            for (String key : List.of("AlarmActions", "OKActions")) {
                assertThat(p.get(key))
                        .as(alarm.getKey() + " " + key)
                        .isInstanceOfSatisfying(
                                List.class,
                                actions -> assertThat(actions).isNotEmpty().allMatch(this::isTheAlarmTopic));
            }
        }
    }

    @Test
    void everyFunctionAlarmsOnItsErrorsAndThrottles() {
        Map<String, Map<String, Object>> alarms = declared("AWS::CloudWatch::Alarm");
        for (String function : declared("AWS::Serverless::Function").keySet()) {
            for (String metric : List.of("Errors", "Throttles")) {
                assertThat(alarms.values()).as(function + " " + metric).anyMatch(alarm -> {
                    Map<String, Object> p = properties(alarm);
                    return "AWS/Lambda".equals(p.get("Namespace"))
                            && metric.equals(p.get("MetricName"))
                            && dimension(p, "FunctionName")
                                    .flatMap(TemplateTest::referencedId)
                                    .filter(function::equals)
                                    .isPresent();
                });
            }
        }
    }

    /** An action is the alarm topic: one the stack creates, the topic parameter, or a choice between the two. */
    private boolean isTheAlarmTopic(Object action) {
        if (action instanceof Map<?, ?> map && map.get("Fn::If") instanceof List<?> choice && choice.size() == 3) {
            return isTheAlarmTopic(choice.get(1)) && isTheAlarmTopic(choice.get(2));
        }
        if (action instanceof Map<?, ?> map && map.size() == 1 && map.get("Ref") instanceof String name) {
            return declared("AWS::SNS::Topic").containsKey(name)
                    || SamTemplate.asMap(written.getOrDefault("Parameters", Map.of()))
                            .containsKey(name);
        }
        return false;
    }

    /**
     * The queues that hold what could not be processed or delivered: a queue's redrive target, the dead-letter
     * queue of a rule target or of a SAM event (by Arn, or the one SAM generates: QueueLogicalId, or its default
     * name), and a function's DeadLetterQueue.
     */
    private Set<String> deadLetterQueues() {
        Set<String> queues = new LinkedHashSet<>();
        declared("AWS::SQS::Queue")
                .values()
                .forEach(queue -> referencedId(
                                SamTemplate.asMap(properties(queue).getOrDefault("RedrivePolicy", Map.of()))
                                        .get("deadLetterTargetArn"))
                        .ifPresent(queues::add));
        declared("AWS::Events::Rule")
                .values()
                .forEach(rule -> ((List<?>) properties(rule).getOrDefault("Targets", List.of()))
                        .forEach(target -> referencedId(SamTemplate.asMap(
                                                SamTemplate.asMap(target).getOrDefault("DeadLetterConfig", Map.of()))
                                        .get("Arn"))
                                .ifPresent(queues::add)));
        eventBridgeEvents().forEach((name, event) -> {
            Map<String, Object> config = SamTemplate.asMap(event.getOrDefault("DeadLetterConfig", Map.of()));
            if (config.containsKey("Type")) {
                queues.add(String.valueOf(config.getOrDefault("QueueLogicalId", name.replace(".", "") + "Queue")));
            } else {
                referencedId(config.get("Arn")).ifPresent(queues::add);
            }
        });
        declared("AWS::Serverless::Function")
                .values()
                .forEach(function -> referencedId(
                                SamTemplate.asMap(properties(function).getOrDefault("DeadLetterQueue", Map.of()))
                                        .get("TargetArn"))
                        .ifPresent(queues::add));
        return queues;
    }

    /** The Properties of every SAM event that becomes an EventBridge rule or schedule, by resource.event. */
    private Map<String, Map<String, Object>> eventBridgeEvents() {
        Map<String, Map<String, Object>> events = new LinkedHashMap<>();
        for (String type : List.of("AWS::Serverless::Function", "AWS::Serverless::StateMachine")) {
            declared(type)
                    .forEach((id, resource) -> SamTemplate.asMap(
                                    properties(resource).getOrDefault("Events", Map.of()))
                            .forEach((name, value) -> {
                                Map<String, Object> event = SamTemplate.asMap(value);
                                if (List.of("EventBridgeRule", "CloudWatchEvent", "Schedule", "ScheduleV2")
                                        .contains(event.get("Type"))) {
                                    events.put(
                                            id + "." + name,
                                            SamTemplate.asMap(event.getOrDefault("Properties", Map.of())));
                                }
                            }));
        }
        return events;
    }

    /** Logical id → the resource as written (Type, Condition, Properties), for every resource of the type. */
    private Map<String, Map<String, Object>> declared(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        SamTemplate.asMap(written.get("Resources")).forEach((id, value) -> {
            if (type.equals(SamTemplate.asMap(value).get("Type"))) {
                found.put(id, SamTemplate.asMap(value));
            }
        });
        return found;
    }

    private static Map<String, Object> properties(Map<String, Object> resource) {
        return SamTemplate.asMap(resource.getOrDefault("Properties", Map.of()));
    }

    private static Optional<Object> dimension(Map<String, Object> alarmProperties, String name) {
        return ((List<?>) alarmProperties.getOrDefault("Dimensions", List.of()))
                .stream()
                        .map(SamTemplate::asMap)
                        .filter(d -> name.equals(d.get("Name")))
                        .map(d -> d.get("Value"))
                        .findFirst();
    }

    /** The logical id a {@code Ref} or {@code Fn::GetAtt} names. */
    private static Optional<String> referencedId(Object value) {
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            if (map.get("Ref") instanceof String name) {
                return Optional.of(name);
            }
            Object getAtt = map.get("Fn::GetAtt");
            if (getAtt instanceof List<?> parts && !parts.isEmpty()) {
                return Optional.of(String.valueOf(parts.get(0)));
            }
            if (getAtt instanceof String dotted) {
                return Optional.of(dotted.split("\\.", 2)[0]);
            }
        }
        return Optional.empty();
    }

    private static Map<String, Object> loadWritten() {
        try (Reader reader = Files.newBufferedReader(LocalCloudOptions.findTemplate(Path.of("")))) {
            return new Yaml(new CfnIntrinsics.CfnConstructor()).load(reader);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
