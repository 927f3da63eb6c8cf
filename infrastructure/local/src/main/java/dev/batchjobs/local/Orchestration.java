package dev.batchjobs.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.local.sfn.LocalSfnEndpoint;
import dev.batchjobs.local.sfn.LocalStateMachine;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The event bus, the state machines and their endpoint: what turns an upload into a running job. The bus and
 * the Step Functions endpoint start first (the functions' environment names them); the state machines once
 * the functions they call exist.
 */
final class Orchestration implements AutoCloseable {
    private final LocalEventBridge eventBridge;
    private final LocalEventBusEndpoint busEndpoint;
    private final LocalSfnEndpoint sfnEndpoint;
    private final List<LocalStateMachine> machines = new ArrayList<>();

    private Orchestration(
            LocalEventBridge eventBridge, LocalEventBusEndpoint busEndpoint, LocalSfnEndpoint sfnEndpoint) {
        this.eventBridge = eventBridge;
        this.busEndpoint = busEndpoint;
        this.sfnEndpoint = sfnEndpoint;
    }

    /** The endpoints and the bus, with the template's {@code AWS::Events::Rule}s delivering to its queues. */
    static Orchestration start(SamTemplate template, SqsClient sqs) throws IOException {
        LocalSfnEndpoint sfnEndpoint = LocalSfnEndpoint.start();
        LocalEventBridge eventBridge = new LocalEventBridge();
        LocalEventBusEndpoint busEndpoint = LocalEventBusEndpoint.start(eventBridge);
        Orchestration orchestration = new Orchestration(eventBridge, busEndpoint, sfnEndpoint);
        orchestration.addEventRules(template, sqs);
        return orchestration;
    }

    URI sfnEndpoint() {
        return sfnEndpoint.endpoint();
    }

    URI busEndpoint() {
        return busEndpoint.endpoint();
    }

    LocalEventBridge eventBridge() {
        return eventBridge;
    }

    /**
     * The template's {@code AWS::Events::Rule}s on their buses, each target an SQS queue of the template: a
     * matching event is sent to the queue as EventBridge sends it (the envelope as the message body).
     */
    private void addEventRules(SamTemplate template, SqsClient sqs) {
        for (SamTemplate.Rule rule : template.rules()) {
            String bus = rule.eventBusName().orElse(LocalEventBridge.DEFAULT_BUS);
            for (SamTemplate.Target target : rule.targets()) {
                String queueUrl = template.queueUrlForArn(target.arn())
                        .orElseThrow(() -> new IllegalStateException("The rule " + rule.logicalId() + " targets "
                                + target.arn() + "; the local cloud delivers rules to the template's queues only"));
                eventBridge.addRule(
                        bus,
                        rule.logicalId() + "." + target.id(),
                        rule.eventPattern(),
                        event -> sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(event.toString())));
            }
        }
    }

    /**
     * Every state machine the template declares, from its definition file with DefinitionSubstitutions applied,
     * started by its EventBridgeRule events.
     */
    void startStateMachines(
            SamTemplate template, Path templateDir, Map<String, UnaryOperator<JsonNode>> functions, double waitScale)
            throws IOException {
        for (SamTemplate.StateMachine stateMachine : template.stateMachines()) {
            String definition = Files.readString(templateDir.resolve(stateMachine.definitionUri()));
            for (Map.Entry<String, String> substitution :
                    stateMachine.definitionSubstitutions().entrySet()) {
                definition = definition.replace("${" + substitution.getKey() + "}", substitution.getValue());
            }
            LocalStateMachine machine = new LocalStateMachine(definition, functions, waitScale);
            sfnEndpoint.register(String.valueOf(template.resolve(Map.of("Ref", stateMachine.logicalId()))), machine);
            machines.add(machine);
            for (SamTemplate.EventRule rule : stateMachine.eventRules()) {
                eventBridge.addRule(stateMachine.logicalId() + "." + rule.name(), rule.pattern(), machine::start);
            }
        }
    }

    @Override
    public void close() {
        busEndpoint.close();
        eventBridge.close();
        machines.forEach(LocalStateMachine::close);
        sfnEndpoint.close();
    }
}
