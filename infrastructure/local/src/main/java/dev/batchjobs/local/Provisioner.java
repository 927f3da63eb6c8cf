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
        template.resources("AWS::DynamoDB::Table").values().forEach(table -> createTable(dynamoDb, table));
        for (Map<String, Object> bucket : template.resources("AWS::S3::Bucket").values()) {
            String name = String.valueOf(bucket.get("BucketName"));
            if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(name))) {
                s3.createBucket(b -> b.bucket(name));
            }
        }
        Map<String, String> queues = new LinkedHashMap<>();
        // Dead-letter queues first: a queue's redrive policy names its dead-letter queue's ARN.
        List<Map.Entry<String, Map<String, Object>>> ordered = new ArrayList<>(template.resources("AWS::SQS::Queue").entrySet());
        ordered.sort((a, b) -> Boolean.compare(a.getValue().containsKey("RedrivePolicy"), b.getValue().containsKey("RedrivePolicy")));
        for (Map.Entry<String, Map<String, Object>> queue : ordered) {
            queues.put(queue.getKey(), createQueue(sqs, queue.getKey(), queue.getValue()));
        }
        return queues;
    }

    @SuppressWarnings("unchecked")
    private static void createTable(DynamoDbClient dynamoDb, Map<String, Object> table) {
        String name = String.valueOf(table.get("TableName"));
        List<AttributeDefinition> attributes = ((List<Map<String, Object>>) table.get("AttributeDefinitions")).stream()
                .map(a -> AttributeDefinition.builder().attributeName(String.valueOf(a.get("AttributeName")))
                        .attributeType(String.valueOf(a.get("AttributeType"))).build())
                .toList();
        List<GlobalSecondaryIndex> indexes = ((List<Map<String, Object>>) table.getOrDefault("GlobalSecondaryIndexes", List.of()))
                .stream().map(i -> GlobalSecondaryIndex.builder()
                        .indexName(String.valueOf(i.get("IndexName")))
                        .keySchema(keySchema((List<Map<String, Object>>) i.get("KeySchema")))
                        .projection(Projection.builder().projectionType(String.valueOf(
                                ((Map<String, Object>) i.get("Projection")).get("ProjectionType"))).build())
                        .build())
                .toList();
        try {
            dynamoDb.createTable(b -> {
                b.tableName(name).attributeDefinitions(attributes)
                        .keySchema(keySchema((List<Map<String, Object>>) table.get("KeySchema")))
                        .billingMode(BillingMode.PAY_PER_REQUEST);
                if (!indexes.isEmpty()) {
                    b.globalSecondaryIndexes(indexes);
                }
            });
        } catch (ResourceInUseException alreadyThere) {
            return;
        }
        Map<String, Object> ttl = (Map<String, Object>) table.get("TimeToLiveSpecification");
        if (ttl != null && Boolean.parseBoolean(String.valueOf(ttl.get("Enabled")))) {
            dynamoDb.updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(
                    t -> t.attributeName(String.valueOf(ttl.get("AttributeName"))).enabled(true)));
        }
    }

    private static List<KeySchemaElement> keySchema(List<Map<String, Object>> elements) {
        return elements.stream().map(k -> KeySchemaElement.builder().attributeName(String.valueOf(k.get("AttributeName")))
                .keyType(String.valueOf(k.get("KeyType"))).build()).toList();
    }

    @SuppressWarnings("unchecked")
    private String createQueue(SqsClient sqs, String logicalId, Map<String, Object> queue) {
        Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
        copy(queue, "FifoQueue", QueueAttributeName.FIFO_QUEUE, attributes);
        copy(queue, "ContentBasedDeduplication", QueueAttributeName.CONTENT_BASED_DEDUPLICATION, attributes);
        copy(queue, "VisibilityTimeout", QueueAttributeName.VISIBILITY_TIMEOUT, attributes);
        copy(queue, "MessageRetentionPeriod", QueueAttributeName.MESSAGE_RETENTION_PERIOD, attributes);
        copy(queue, "DelaySeconds", QueueAttributeName.DELAY_SECONDS, attributes);
        Object redrive = queue.get("RedrivePolicy");
        if (redrive instanceof Map<?, ?> policy) {
            Map<String, Object> p = (Map<String, Object>) policy;
            attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + p.get("deadLetterTargetArn")
                    + "\",\"maxReceiveCount\":\"" + p.get("maxReceiveCount") + "\"}");
        }
        String name = template.queueName(logicalId);
        return sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
    }

    private static void copy(Map<String, Object> from, String property, QueueAttributeName name,
                             Map<QueueAttributeName, String> to) {
        if (from.get(property) != null) {
            to.put(name, String.valueOf(from.get(property)));
        }
    }
}
