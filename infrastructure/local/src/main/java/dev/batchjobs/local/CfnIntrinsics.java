package dev.batchjobs.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * CloudFormation's intrinsic functions ({@code Ref}, {@code Fn::GetAtt}, {@code Fn::Sub}, {@code Fn::Join},
 * {@code Fn::Select}) evaluated against the parameters' defaults and overrides, the pseudo parameters and the
 * local names of the resources; and the YAML constructor that reads their short tags as the long forms.
 * {@link SamTemplate} is what the rest of the local cloud reads; this is how it resolves what it reads.
 */
final class CfnIntrinsics {
    private static final List<String> TAGS = List.of(
            "Ref",
            "GetAtt",
            "Sub",
            "Join",
            "Select",
            "If",
            "Equals",
            "Not",
            "And",
            "Or",
            "FindInMap",
            "GetAZs",
            "Split",
            "ImportValue",
            "Base64",
            "Condition");
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final Map<String, Object> root;
    private final String stackName;
    private final Map<String, String> parameterOverrides;
    /** Queue logical id → URL, once the queues exist: {@code !Ref} of a queue is its URL, as on AWS. */
    private final Map<String, String> queueUrls = new ConcurrentHashMap<>();

    CfnIntrinsics(Map<String, Object> root, String stackName, Map<String, String> parameterOverrides) {
        this.root = root;
        this.stackName = stackName;
        this.parameterOverrides = Map.copyOf(parameterOverrides);
    }

    /** Tells the evaluator the URLs of the queues the template declared, now that they exist. */
    void useQueueUrls(Map<String, String> urls) {
        queueUrls.putAll(urls);
    }

    /** The URL of a queue by logical id, once it exists. */
    String queueUrl(String logicalId) {
        return queueUrls.get(logicalId);
    }

    /** Evaluates the intrinsic functions in a value. */
    Object resolve(Object value) {
        if (value instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>();
            list.forEach(item -> resolved.add(resolve(item)));
            return resolved;
        }
        if (!(value instanceof Map<?, ?> map)) {
            return value;
        }
        if (map.size() == 1) {
            Map.Entry<?, ?> only = map.entrySet().iterator().next();
            String key = String.valueOf(only.getKey());
            Object argument = only.getValue();
            switch (key) {
                case "Ref" -> {
                    return ref(String.valueOf(argument));
                }
                case "Fn::GetAtt" -> {
                    List<String> parts = argument instanceof List<?> l
                            ? l.stream().map(String::valueOf).toList()
                            : List.of(String.valueOf(argument).split("\\.", 2));
                    return getAtt(parts.get(0), parts.get(1));
                }
                case "Fn::Sub" -> {
                    if (argument instanceof List<?> l) {
                        Map<String, Object> variables = SamTemplate.asMap(resolve(l.get(1)));
                        return sub(String.valueOf(l.get(0)), variables);
                    }
                    return sub(String.valueOf(argument), Map.of());
                }
                case "Fn::Join" -> {
                    List<?> l = (List<?>) argument;
                    List<?> items = (List<?>) resolve(l.get(1));
                    return String.join(
                            String.valueOf(l.get(0)),
                            items.stream().map(String::valueOf).toList());
                }
                case "Fn::Select" -> {
                    List<?> l = (List<?>) argument;
                    return ((List<?>) resolve(l.get(1))).get(Integer.parseInt(String.valueOf(resolve(l.get(0)))));
                }
                default -> {
                    // not an intrinsic: an ordinary one-key map
                }
            }
        }
        Map<String, Object> resolved = new LinkedHashMap<>();
        map.forEach((k, v) -> resolved.put(String.valueOf(k), resolve(v)));
        return resolved;
    }

    Object ref(String name) {
        switch (name) {
            case "AWS::StackName" -> {
                return stackName;
            }
            case "AWS::AccountId" -> {
                return LocalAws.ACCOUNT_ID;
            }
            case "AWS::Region" -> {
                return LocalAws.REGION;
            }
            case "AWS::Partition" -> {
                return "aws";
            }
            case "AWS::URLSuffix" -> {
                return "amazonaws.com";
            }
            case "AWS::NoValue" -> {
                return null;
            }
            default -> {
                // a parameter or a resource
            }
        }
        Map<String, Object> parameters = SamTemplate.asMap(root.getOrDefault("Parameters", Map.of()));
        if (parameters.containsKey(name)) {
            return parameterOverrides.getOrDefault(
                    name, String.valueOf(SamTemplate.asMap(parameters.get(name)).getOrDefault("Default", "")));
        }
        Map<String, Object> resource = resource(name);
        Map<String, Object> properties = SamTemplate.asMap(resource.getOrDefault("Properties", Map.of()));
        return switch (String.valueOf(resource.get("Type"))) {
            case "AWS::DynamoDB::Table" -> resolve(properties.get("TableName"));
            case "AWS::S3::Bucket" -> resolve(properties.get("BucketName"));
            case "AWS::SQS::Queue" -> queueUrls.getOrDefault(name, queueName(name));
            case "AWS::Events::EventBus" -> resolve(properties.get("Name"));
            case "AWS::Serverless::StateMachine" ->
                "arn:aws:states:" + LocalAws.REGION + ":" + LocalAws.ACCOUNT_ID + ":stateMachine:"
                        + resolve(properties.getOrDefault("Name", stackName + "-" + name));
            default -> stackName + "-" + name;
        };
    }

    Object getAtt(String name, String attribute) {
        Map<String, Object> resource = resource(name);
        String type = String.valueOf(resource.get("Type"));
        String physical = type.equals("AWS::SQS::Queue") ? queueName(name) : String.valueOf(ref(name));
        String service = switch (type) {
            case "AWS::DynamoDB::Table" -> "dynamodb";
            case "AWS::S3::Bucket" -> "s3";
            case "AWS::SQS::Queue" -> "sqs";
            case "AWS::Serverless::Function" -> "lambda";
            case "AWS::Serverless::StateMachine" -> "states";
            case "AWS::Events::EventBus" -> "events";
            case "AWS::Logs::LogGroup" -> "logs";
            default -> "local";
        };
        if (attribute.equals("Arn")) {
            return service.equals("s3")
                    ? "arn:aws:s3:::" + physical
                    : "arn:aws:" + service + ":" + LocalAws.REGION + ":" + LocalAws.ACCOUNT_ID + ":" + physical;
        }
        if (attribute.equals("QueueName") || attribute.equals("Name")) {
            return physical;
        }
        return physical + "." + attribute;
    }

    /** The name the local cloud gives a queue: its QueueName, or the stack name and logical id. */
    String queueName(String logicalId) {
        Map<String, Object> properties = SamTemplate.asMap(resource(logicalId).getOrDefault("Properties", Map.of()));
        if (properties.get("QueueName") != null) {
            return String.valueOf(resolve(properties.get("QueueName")));
        }
        boolean fifo = Boolean.parseBoolean(String.valueOf(properties.getOrDefault("FifoQueue", "false")));
        return stackName + "-" + logicalId + (fifo ? ".fifo" : "");
    }

    private Map<String, Object> resource(String name) {
        Object resource = SamTemplate.asMap(root.get("Resources")).get(name);
        if (resource == null) {
            throw new IllegalStateException("template.yaml refers to " + name + ", which it does not declare");
        }
        return SamTemplate.asMap(resource);
    }

    private String sub(String text, Map<String, Object> variables) {
        Matcher matcher = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String variable = matcher.group(1);
            Object value;
            if (variables.containsKey(variable)) {
                value = variables.get(variable);
            } else if (variable.contains(".")) {
                String[] parts = variable.split("\\.", 2);
                value = getAtt(parts[0], parts[1]);
            } else {
                value = ref(variable);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(value)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Loads the short tags as their long forms: {@code !Ref x} as {@code {Ref: x}}. */
    static final class CfnConstructor extends SafeConstructor {
        CfnConstructor() {
            super(new LoaderOptions());
            for (String name : TAGS) {
                String longForm = name.equals("Ref") || name.equals("Condition") ? name : "Fn::" + name;
                yamlConstructors.put(new Tag("!" + name), new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                        Object value;
                        if (node instanceof ScalarNode scalar) {
                            value = constructScalar(scalar);
                        } else if (node instanceof SequenceNode sequence) {
                            value = constructSequence(sequence);
                        } else {
                            value = constructMapping((MappingNode) node);
                        }
                        return Map.of(longForm, value);
                    }
                });
            }
        }
    }
}
