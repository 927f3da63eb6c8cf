package dev.batchjobs.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates, with the real SDK clients, every table, bucket and queue that template.yaml declares: there is
 * no second list. Creating what already exists (a restart on the same data directory) changes nothing.
 */
final class Provisioner {
    private final SamTemplate template;

    Provisioner(SamTemplate template) {
        this.template = template;
    }

    /** Queue logical id → queue URL. */
    Map<String, String> provision(DynamoDbClient dynamoDb, S3Client s3, SqsClient sqs) {
        template.tables().forEach(table -> createTable(dynamoDb, table));
        for (SamTemplate.Bucket bucket : template.buckets()) {
            if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket.name()))) {
                s3.createBucket(b -> b.bucket(bucket.name()));
            }
        }
        Map<String, String> queues = new LinkedHashMap<>();
        // Dead-letter queues first: a queue's redrive policy names its dead-letter queue's ARN.
        List<SamTemplate.Queue> ordered = new ArrayList<>(template.queues());
        ordered.sort((a, b) ->
                Boolean.compare(a.redrivePolicy().isPresent(), b.redrivePolicy().isPresent()));
        for (SamTemplate.Queue queue : ordered) {
            queues.put(queue.logicalId(), createQueue(sqs, queue));
        }
        return queues;
    }

    private static void createTable(DynamoDbClient dynamoDb, SamTemplate.Table table) {
        List<AttributeDefinition> attributes = table.attributes().stream()
                .map(a -> AttributeDefinition.builder()
                        .attributeName(a.name())
                        .attributeType(a.type())
                        .build())
                .toList();
        List<GlobalSecondaryIndex> indexes = table.globalSecondaryIndexes().stream()
                .map(i -> GlobalSecondaryIndex.builder()
                        .indexName(i.name())
                        .keySchema(keySchema(i.keySchema()))
                        .projection(Projection.builder()
                                .projectionType(i.projectionType())
                                .nonKeyAttributes(i.nonKeyAttributes().isEmpty() ? null : i.nonKeyAttributes())
                                .build())
                        .build())
                .toList();
        try {
            dynamoDb.createTable(b -> {
                b.tableName(table.name())
                        .attributeDefinitions(attributes)
                        .keySchema(keySchema(table.keySchema()))
                        .billingMode(BillingMode.PAY_PER_REQUEST);
                if (!indexes.isEmpty()) {
                    b.globalSecondaryIndexes(indexes);
                }
            });
        } catch (ResourceInUseException alreadyThere) {
            return;
        }
        table.timeToLiveAttribute()
                .ifPresent(attribute -> dynamoDb.updateTimeToLive(b -> b.tableName(table.name())
                        .timeToLiveSpecification(t -> t.attributeName(attribute).enabled(true))));
    }

    private static List<KeySchemaElement> keySchema(List<SamTemplate.KeyElement> elements) {
        return elements.stream()
                .map(k -> KeySchemaElement.builder()
                        .attributeName(k.attributeName())
                        .keyType(k.keyType())
                        .build())
                .toList();
    }

    private static String createQueue(SqsClient sqs, SamTemplate.Queue queue) {
        Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
        queue.fifoQueue().ifPresent(v -> attributes.put(QueueAttributeName.FIFO_QUEUE, v));
        queue.contentBasedDeduplication()
                .ifPresent(v -> attributes.put(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, v));
        queue.visibilityTimeout().ifPresent(v -> attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, v));
        queue.messageRetentionPeriod().ifPresent(v -> attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, v));
        queue.delaySeconds().ifPresent(v -> attributes.put(QueueAttributeName.DELAY_SECONDS, v));
        queue.redrivePolicy()
                .ifPresent(p -> attributes.put(
                        QueueAttributeName.REDRIVE_POLICY,
                        "{\"deadLetterTargetArn\":\"" + p.deadLetterTargetArn() + "\",\"maxReceiveCount\":\""
                                + p.maxReceiveCount() + "\"}"));
        return sqs.createQueue(b -> b.queueName(queue.name()).attributes(attributes))
                .queueUrl();
    }
}
