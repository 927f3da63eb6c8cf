package dev.batchjobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.wiring.Config;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What each function may read and do, and that no secret is in an environment. */
class TemplateIamTest extends TemplateFixture {

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
            if (id.equals("ChunkWorkerFunction") || id.equals("SmallChunkWorkerFunction")) {
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
        // presigned upload and downloads, results so far read from the parts
        api.addAll(Set.of("s3:PutObject inputs/*", "s3:GetObject results/*", "s3:GetObject outputs/*"));
        // A resume queues the chunks again, on the job's lane.
        api.addAll(Set.of("sqs:SendMessage* ChunkQueue", "sqs:SendMessage* SmallChunkQueue"));
        // Results so far write a snapshot of the parts; a retry writes its input from the parent's and starts its run.
        api.addAll(Set.of(
                "s3:PutObject outputs/*",
                "s3:AbortMultipartUpload outputs/*",
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
        // The small worker: the same, but its follow-ups go to its own queue.
        Set<String> smallWorker = new HashSet<>(worker);
        smallWorker.remove("sqs:SendMessage* ChunkQueue");
        smallWorker.add("sqs:SendMessage* SmallChunkQueue");
        allowed.put("SmallChunkWorkerFunction", smallWorker);

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
        dispatch.addAll(Set.of("sqs:SendMessage* ChunkQueue", "sqs:SendMessage* SmallChunkQueue", taskSuccess));
        allowed.put("DispatchFunction", dispatch);

        // Whatever ends a job writes what its client downloads under outputs/ (Prepare: a failed validation's).
        Set<String> outputsWriter = new HashSet<>();
        readWriteResults.forEach(a -> outputsWriter.add(a + " outputs/*"));
        Set<String> prepare = new HashSet<>(jobWriter);
        resultsWriter.stream().filter(a -> !a.endsWith("FailuresTable")).forEach(prepare::add);
        prepare.addAll(outputsWriter);
        allowed.put("PrepareFunction", prepare);
        Set<String> finish = new HashSet<>(jobWriter);
        finish.addAll(resultsWriter);
        finish.addAll(outputsWriter);
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
}
