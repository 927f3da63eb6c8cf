package dev.batchjobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Logs and alarms: what fails leaves a trace, and pages someone. */
class TemplateObservabilityTest extends TemplateFixture {

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
                                        .flatMap(TemplateFixture::referencedId)
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
                                    .flatMap(TemplateFixture::referencedId)
                                    .filter(function::equals)
                                    .isPresent();
                });
            }
        }
    }

    /** A failed or timed-out execution may leave its job unended; an API 5xx is an error a client saw. */
    @Test
    void theStateMachineAndTheApiAlarmOnTheirFailures() {
        Map<String, Map<String, Object>> alarms = declared("AWS::CloudWatch::Alarm");
        Map<String, List<String>> expected =
                Map.of("StateMachineArn", List.of("ExecutionsFailed", "ExecutionsTimedOut"), "ApiId", List.of("5xx"));
        Map<String, String> owners = Map.of("StateMachineArn", "BatchJobStateMachine", "ApiId", "BatchApi");
        expected.forEach((dimensionName, metrics) -> {
            for (String metric : metrics) {
                assertThat(alarms.values())
                        .as(owners.get(dimensionName) + " " + metric)
                        .anyMatch(alarm -> {
                            Map<String, Object> p = properties(alarm);
                            return metric.equals(p.get("MetricName"))
                                    && dimension(p, dimensionName)
                                            .flatMap(TemplateFixture::referencedId)
                                            .filter(owners.get(dimensionName)::equals)
                                            .isPresent()
                                    && "GreaterThanThreshold".equals(p.get("ComparisonOperator"))
                                    && Double.parseDouble(String.valueOf(p.get("Threshold"))) == 0;
                        });
            }
        });
    }
}
