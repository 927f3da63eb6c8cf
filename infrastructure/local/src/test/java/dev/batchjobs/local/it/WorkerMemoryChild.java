package dev.batchjobs.local.it;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.batchjobs.handlers.ChunkWorkerHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The chunk worker as its own JVM, for {@link WorkerMemoryBenchmark}: the real {@link ChunkWorkerHandler}, wired from
 * this process's environment as on Lambda, given one SQS event of one chunk message (body, receipt handle and id as
 * arguments) and a 15-minute deadline. It runs on the deployable jar alone (plus this class), so what it loads is what
 * the function loads. Once the invocation returns it says so on standard output and waits for standard input to close,
 * so that the parent reads its peak resident set while it is still alive.
 */
public final class WorkerMemoryChild {
    /** The line that tells the parent the invocation returned. */
    static final String DONE = "WORKER-MEMORY-DONE";

    private WorkerMemoryChild() {}

    public static void main(String[] args) throws Exception {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setBody(args[0]);
        record.setReceiptHandle(args[1]);
        record.setMessageId(args[2]);
        record.setEventSource("aws:sqs");
        record.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(record));
        String function = System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "ChunkWorkerFunction");
        int memoryMb = Integer.parseInt(System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "160"));
        SQSBatchResponse response =
                new ChunkWorkerHandler().handleRequest(event, context(function, memoryMb, System.currentTimeMillis()));
        System.out.println(
                DONE + " failed messages: " + response.getBatchItemFailures().size());
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the parent closes the pipe
        }
    }

    private static Context context(String function, int memoryMb, long startMillis) {
        long deadline = startMillis + 900_000L;
        String requestId = UUID.randomUUID().toString();
        return new Context() {
            @Override
            public String getAwsRequestId() {
                return requestId;
            }

            @Override
            public String getLogGroupName() {
                return "/aws/lambda/" + function;
            }

            @Override
            public String getLogStreamName() {
                return "worker-memory";
            }

            @Override
            public String getFunctionName() {
                return function;
            }

            @Override
            public String getFunctionVersion() {
                return "$LATEST";
            }

            @Override
            public String getInvokedFunctionArn() {
                return "arn:aws:lambda:us-east-1:000000000000:function:" + function;
            }

            @Override
            public CognitoIdentity getIdentity() {
                return null;
            }

            @Override
            public ClientContext getClientContext() {
                return null;
            }

            @Override
            public int getRemainingTimeInMillis() {
                return (int) Math.max(0, deadline - System.currentTimeMillis());
            }

            @Override
            public int getMemoryLimitInMB() {
                return memoryMb;
            }

            @Override
            public LambdaLogger getLogger() {
                return new LambdaLogger() {
                    @Override
                    public void log(String message) {
                        System.out.println(message);
                    }

                    @Override
                    public void log(byte[] message) {
                        System.out.println(new String(message, StandardCharsets.UTF_8));
                    }
                };
            }
        };
    }
}
