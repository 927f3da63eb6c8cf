package dev.batchjobs.local;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;

/** template.yaml loaded twice: resolved as the local cloud runs it, and as written (what refers to what). */
abstract class TemplateFixture {
    final SamTemplate template = SamTemplate.load(LocalCloudOptions.findTemplate(Path.of("")), "batchjobs", Map.of());
    final Map<String, Map<String, Object>> functions = template.resources("AWS::Serverless::Function");
    /**
     * The template as written, intrinsics unresolved: what refers to what (a {@code Ref} or {@code Fn::GetAtt} names
     * its logical id), and what {@link SamTemplate#resources} does not give: a resource's Condition, and the
     * resources SAM generates at deploy time, which the local cloud cannot resolve.
     */
    final Map<String, Object> written = loadWritten();

    /** An action is the alarm topic: one the stack creates, the topic parameter, or a choice between the two. */
    boolean isTheAlarmTopic(Object action) {
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
    Set<String> deadLetterQueues() {
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
    Map<String, Map<String, Object>> eventBridgeEvents() {
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
    Map<String, Map<String, Object>> declared(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        SamTemplate.asMap(written.get("Resources")).forEach((id, value) -> {
            if (type.equals(SamTemplate.asMap(value).get("Type"))) {
                found.put(id, SamTemplate.asMap(value));
            }
        });
        return found;
    }

    static Map<String, Object> properties(Map<String, Object> resource) {
        return SamTemplate.asMap(resource.getOrDefault("Properties", Map.of()));
    }

    static Optional<Object> dimension(Map<String, Object> alarmProperties, String name) {
        return ((List<?>) alarmProperties.getOrDefault("Dimensions", List.of()))
                .stream()
                        .map(SamTemplate::asMap)
                        .filter(d -> name.equals(d.get("Name")))
                        .map(d -> d.get("Value"))
                        .findFirst();
    }

    /** The logical id a {@code Ref} or {@code Fn::GetAtt} names. */
    static Optional<String> referencedId(Object value) {
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
