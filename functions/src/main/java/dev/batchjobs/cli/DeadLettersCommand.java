package dev.batchjobs.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The operator's command for the dead-letter queues, after an alarm and a fix:
 * <pre>
 *   java -cp functions/target/functions-lambda.jar dev.batchjobs.cli.DeadLettersCommand show
 *   java -cp functions/target/functions-lambda.jar dev.batchjobs.cli.DeadLettersCommand redrive [--queue NAME]
 * </pre>
 * {@code show} counts each queue's messages and prints a few (their error, when EventBridge put it there);
 * {@code redrive} sends them back where they were going: the webhook dead-letter queue to the webhook queue (SQS's
 * own message move task, or receive, send and delete where the service has none), the events rule's to the webhook
 * queue too (a message there is the event exactly as the rule would have sent it). The others are not redriven, and
 * {@code show} says why. Queues are named by the stack's outputs, as environment variables ({@link #QUEUES}).
 */
public final class DeadLettersCommand {
    /**
     * A dead-letter queue: its name here, the variable that holds its URL, where a redrive sends it, and whether its
     * source is an SQS queue (only then does SQS accept a message move task; EventBridge's are re-sent by hand).
     */
    public record Queue(
            String name, String urlVariable, Optional<String> sourceUrlVariable, boolean sqsSource, String note) {}

    public static final String WEBHOOK_QUEUE_URL = "WEBHOOK_QUEUE_URL";

    public static final List<Queue> QUEUES = List.of(
            new Queue(
                    "webhook",
                    "WEBHOOK_DEAD_LETTER_QUEUE_URL",
                    Optional.of(WEBHOOK_QUEUE_URL),
                    true,
                    "deliveries given up after the retry window; redrive sends them to the webhook queue"),
            new Queue(
                    "events-rule",
                    "EVENTS_RULE_DEAD_LETTER_QUEUE_URL",
                    Optional.of(WEBHOOK_QUEUE_URL),
                    false,
                    "events the bus rule could not put on the webhook queue; redrive puts them there"),
            new Queue(
                    "chunk",
                    "CHUNK_DEAD_LETTER_QUEUE_URL",
                    Optional.empty(),
                    true,
                    "not redriven: ChunkDeadLetterFunction drains it, ending each job batch_failed; messages that stay"
                            + " mean that function fails (see its log), and it drains them itself once fixed"),
            new Queue(
                    "input-uploaded",
                    "INPUT_UPLOADED_DEAD_LETTER_QUEUE_URL",
                    Optional.empty(),
                    false,
                    "not redriven: uploads whose execution never started; the sweeper starts each one itself"
                            + " once its upload deadline passes (it finds the object)"),
            new Queue(
                    "sweeper-schedule",
                    "SWEEPER_SCHEDULE_DEAD_LETTER_QUEUE_URL",
                    Optional.empty(),
                    false,
                    "not redriven: missed sweeper ticks; the next tick does their work"));

    private static final String USAGE = """
            usage: DeadLettersCommand show [--limit N]
                   DeadLettersCommand redrive [--queue webhook|events-rule]
            environment: the stack's queue URL outputs as WEBHOOK_QUEUE_URL, WEBHOOK_DEAD_LETTER_QUEUE_URL,
              EVENTS_RULE_DEAD_LETTER_QUEUE_URL, CHUNK_DEAD_LETTER_QUEUE_URL, INPUT_UPLOADED_DEAD_LETTER_QUEUE_URL,
              SWEEPER_SCHEDULE_DEAD_LETTER_QUEUE_URL (any left unset is skipped), plus the AWS SDK's usual settings""";

    private DeadLettersCommand() {}

    public static void main(String[] args) {
        try (SqsClient sqs =
                SqsClient.builder().httpClient(Apache5HttpClient.create()).build()) {
            System.exit(run(List.of(args), System.getenv(), sqs, System.out, System.err));
        }
    }

    /** Runs one command against the queues {@code environment} names; returns the process exit code. */
    public static int run(
            List<String> args, Map<String, String> environment, SqsClient sqs, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.size() % 2 == 0) {
            err.println(USAGE);
            return 2;
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i + 1 < args.size(); i += 2) {
            options.put(args.get(i), args.get(i + 1));
        }
        DeadLetters queues = new DeadLetters(sqs, environment);
        try {
            return switch (args.get(0)) {
                case "show" -> {
                    queues.show(Integer.parseInt(options.getOrDefault("--limit", "5")), out);
                    yield 0;
                }
                case "redrive" -> queues.redrive(Optional.ofNullable(options.get("--queue")), out, err);
                default -> {
                    err.println(USAGE);
                    yield 2;
                }
            };
        } catch (NumberFormatException e) {
            err.println("--limit takes a number\n" + USAGE);
            return 2;
        }
    }

    /** The queues of one environment, and what show and redrive do to them. */
    private record DeadLetters(SqsClient sqs, Map<String, String> environment) {
        void show(int limit, PrintStream out) {
            for (Queue queue : QUEUES) {
                String url = environment.get(queue.urlVariable());
                if (url == null || url.isBlank()) {
                    out.println(queue.name() + ": not configured (" + queue.urlVariable() + ")");
                    continue;
                }
                String count = sqs.getQueueAttributes(
                                b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                        .attributes()
                        .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
                out.println(queue.name() + ": " + count + " message(s) — " + queue.note());
                if (limit > 0 && !"0".equals(count)) {
                    // Visibility 0: a look, not a take; the messages stay where they are.
                    sqs.receiveMessage(b -> b.queueUrl(url)
                                    .maxNumberOfMessages(Math.min(limit, 10))
                                    .visibilityTimeout(0)
                                    .messageAttributeNames("All")
                                    .messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP))
                            .messages()
                            .forEach(message -> out.println("  " + describe(message)));
                }
            }
        }

        int redrive(Optional<String> only, PrintStream out, PrintStream err) {
            List<Queue> chosen = new ArrayList<>();
            for (Queue queue : QUEUES) {
                if (only.isEmpty() || only.get().equals(queue.name())) {
                    chosen.add(queue);
                }
            }
            if (chosen.isEmpty()) {
                err.println("No dead-letter queue named '" + only.get() + "'\n" + USAGE);
                return 2;
            }
            for (Queue queue : chosen) {
                String url = environment.get(queue.urlVariable());
                Optional<String> source = queue.sourceUrlVariable().map(environment::get);
                if (url == null || url.isBlank()) {
                    out.println(queue.name() + ": not configured (" + queue.urlVariable() + ")");
                } else if (source.isEmpty()) {
                    out.println(queue.name() + ": " + queue.note());
                } else if (source.get() == null || source.get().isBlank()) {
                    err.println(
                            queue.name() + ": set " + queue.sourceUrlVariable().get() + " to redrive it");
                    return 2;
                } else {
                    out.println(queue.name() + ": "
                            + (queue.sqsSource() ? move(url, source.get()) : resent(url, source.get())));
                }
            }
            return 0;
        }

        private String resent(String from, String to) {
            return "moved " + moveByHand(from, to) + " message(s)";
        }

        /** SQS's own move task (a dead-letter queue of an SQS source); by hand where the service has none. */
        private String move(String from, String to) {
            String fromArn = arn(from);
            try {
                String task = sqs.startMessageMoveTask(b -> b.sourceArn(fromArn).destinationArn(arn(to)))
                        .taskHandle();
                return "move task started (" + task + "); SQS moves the messages in the background";
            } catch (SqsException notAccepted) {
                return resent(from, to);
            }
        }

        /** Receive, send to the destination, then delete: a message is never lost, at worst sent twice. */
        private int moveByHand(String from, String to) {
            int moved = 0;
            while (true) {
                List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(from)
                                .maxNumberOfMessages(10)
                                .visibilityTimeout(60)
                                .messageAttributeNames("All"))
                        .messages();
                if (batch.isEmpty()) {
                    return moved;
                }
                for (Message message : batch) {
                    sqs.sendMessage(b ->
                            b.queueUrl(to).messageBody(message.body()).messageAttributes(message.messageAttributes()));
                    sqs.deleteMessage(b -> b.queueUrl(from).receiptHandle(message.receiptHandle()));
                    moved++;
                }
            }
        }

        private String arn(String url) {
            return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes()
                    .get(QueueAttributeName.QUEUE_ARN);
        }

        private static String describe(Message message) {
            StringBuilder line = new StringBuilder(message.messageId());
            message.messageAttributes().forEach((name, value) -> {
                if (name.startsWith("ERROR") || name.equals("RULE_ARN") || name.equals("last_error")) {
                    line.append(' ').append(name).append('=').append(value.stringValue());
                }
            });
            String body = message.body();
            line.append(" body=").append(body.length() > 200 ? body.substring(0, 200) + "…" : body);
            return line.toString();
        }
    }
}
