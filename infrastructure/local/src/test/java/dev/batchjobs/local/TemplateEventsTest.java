package dev.batchjobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The bus rules and schedules: what EventBridge cannot hand over is retried, then kept; the events expire. */
class TemplateEventsTest extends TemplateFixture {

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
     * The events rule and the upload rule retry for a day (the longest EventBridge keeps an event), as often as it
     * allows, then keep the event in a queue of their own: one kept 14 days, that EventBridge may write to, and
     * that is not the target itself.
     */
    @Test
    void theBusRulesRetryForADayThenKeepTheEventInADeadLetterQueueTheyMayWrite() {
        Map<String, Map<String, Object>> targets = new LinkedHashMap<>();
        declared("AWS::Events::Rule")
                .forEach((id, rule) -> ((List<?>) properties(rule).getOrDefault("Targets", List.of()))
                        .forEach(t -> targets.put(id, SamTemplate.asMap(t))));
        eventBridgeEvents().forEach((id, event) -> {
            if (event.containsKey("Pattern")) {
                targets.put(id, event);
            }
        });
        assertThat(targets).containsKeys("BatchJobEventsRule", "BatchJobStateMachine.InputUploaded");
        targets.forEach((id, target) -> {
            assertThat(SamTemplate.asMap(target.get("RetryPolicy")))
                    .as(id + " RetryPolicy")
                    .containsEntry("MaximumEventAgeInSeconds", 86400)
                    .containsEntry("MaximumRetryAttempts", 185);
            String queue = referencedId(
                            SamTemplate.asMap(target.get("DeadLetterConfig")).get("Arn"))
                    .orElseThrow(() -> new AssertionError(id + " DeadLetterConfig names no queue"));
            assertThat(referencedId(target.get("Arn")))
                    .as(id + " dead letters in its own queue")
                    .isNotEqualTo(Optional.of(queue));
            assertIsAQueueEventBridgeMayWrite(id, queue);
        });
    }

    /**
     * The sweeper (uploads whose event never came, jobs past their deadline, events the bus never took) runs every
     * minute; a tick is retried only until the next one, and one it could not deliver is kept, so it is seen.
     */
    @Test
    void theSweeperRunsEveryMinuteAndATickIsRetriedOnlyUntilTheNext() {
        Map<String, Map<String, Object>> schedules = new LinkedHashMap<>();
        eventBridgeEvents().forEach((id, event) -> {
            if (id.startsWith("SweeperFunction.") && event.containsKey("Schedule")) {
                schedules.put(id, event);
            }
        });
        assertThat(schedules).as("the sweeper's schedules").hasSize(1);
        var schedule = schedules.entrySet().iterator().next();
        Map<String, Object> event = schedule.getValue();
        assertThat(event.get("Schedule")).as(schedule.getKey()).isEqualTo("rate(1 minute)");
        assertThat(event.getOrDefault("Enabled", true))
                .as(schedule.getKey() + " Enabled")
                .isEqualTo(true);
        assertThat(event.getOrDefault("State", "ENABLED"))
                .as(schedule.getKey() + " State")
                .isEqualTo("ENABLED");
        Map<String, Object> retry = SamTemplate.asMap(event.get("RetryPolicy"));
        assertThat(Integer.parseInt(String.valueOf(retry.get("MaximumEventAgeInSeconds"))))
                .as(schedule.getKey() + " retries no longer than a tick")
                .isBetween(60, 60);
        assertThat(Integer.parseInt(String.valueOf(retry.get("MaximumRetryAttempts"))))
                .as(schedule.getKey() + " retries")
                .isPositive();
        String queue = referencedId(
                        SamTemplate.asMap(event.get("DeadLetterConfig")).get("Arn"))
                .orElseThrow(() -> new AssertionError(schedule.getKey() + " DeadLetterConfig names no queue"));
        assertIsAQueueEventBridgeMayWrite(schedule.getKey(), queue);
        assertThat(template.resources("AWS::Serverless::Function").get("SweeperFunction"))
                .as("the resolved template keeps the schedule")
                .extracting(f -> String.valueOf(f.get("Events")))
                .asString()
                .contains("rate(1 minute)");
    }

    /**
     * Events are kept 30 days, as Stripe keeps them: the events table expires items on {@code expires_at_epoch}
     * (the attribute {@code EventItems} writes, created + 30 days, held by {@code EventItemsTest}).
     */
    @Test
    void theEventsTableExpiresEventsOnTheAttributeTheCodeWrites() {
        Map<String, Object> table = properties(declared("AWS::DynamoDB::Table").get("EventsTable"));
        assertThat(SamTemplate.asMap(table.get("TimeToLiveSpecification")))
                .containsEntry("AttributeName", "expires_at_epoch")
                .containsEntry("Enabled", true);
    }

    private void assertIsAQueueEventBridgeMayWrite(String owner, String queue) {
        Map<String, Object> declaredQueue = declared("AWS::SQS::Queue").get(queue);
        assertThat(declaredQueue)
                .as(owner + ": " + queue + " is a queue of the template")
                .isNotNull();
        assertThat(properties(declaredQueue).get("MessageRetentionPeriod"))
                .as(queue + " keeps messages 14 days")
                .isEqualTo(1209600);
        assertThat(declared("AWS::SQS::QueuePolicy").values())
                .as(queue + " has a policy letting EventBridge send to it")
                .anyMatch(policy -> {
                    Map<String, Object> p = properties(policy);
                    String text = String.valueOf(p.get("PolicyDocument"));
                    return ((List<?>) p.getOrDefault("Queues", List.of()))
                                    .stream().map(TemplateFixture::referencedId).anyMatch(Optional.of(queue)::equals)
                            && text.contains("events.amazonaws.com")
                            && text.contains("sqs:SendMessage");
                });
    }
}
