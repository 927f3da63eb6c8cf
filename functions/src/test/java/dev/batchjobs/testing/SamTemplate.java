package dev.batchjobs.testing;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * {@code template.yaml} as plain maps, for tests that hold the code and the template together. The
 * CloudFormation short tags ({@code !Ref x}) load as their long forms ({@code {Ref: x}}).
 */
public final class SamTemplate {
    public static final Path PATH = Path.of("..", "template.yaml");
    private static final List<String> TAGS = List.of("Ref", "GetAtt", "Sub", "Join", "Select", "If", "Equals",
            "Not", "And", "Or", "FindInMap", "GetAZs", "Split", "ImportValue", "Base64", "Condition");

    private final Map<String, Object> root;

    private SamTemplate(Map<String, Object> root) {
        this.root = root;
    }

    public static SamTemplate load() {
        try (Reader reader = Files.newBufferedReader(PATH)) {
            return new SamTemplate(new Yaml(new CfnConstructor()).load(reader));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + PATH.toAbsolutePath(), e);
        }
    }

    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> resources() {
        return (Map<String, Map<String, Object>>) root.get("Resources");
    }

    /** Logical id → properties, for every resource of the type. */
    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        resources().forEach((id, resource) -> {
            if (type.equals(resource.get("Type"))) {
                found.put(id, (Map<String, Object>) resource.getOrDefault("Properties", Map.of()));
            }
        });
        return found;
    }

    /** The environment of a function: Globals merged with its own. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> environment(Map<String, Object> functionProperties) {
        Map<String, Object> env = new LinkedHashMap<>();
        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) root.getOrDefault("Globals", Map.of()))
                .getOrDefault("Function", Map.of());
        env.putAll(variables(globals));
        env.putAll(variables(functionProperties));
        return env;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> variables(Map<String, Object> properties) {
        Map<String, Object> environment = (Map<String, Object>) properties.getOrDefault("Environment", Map.of());
        return (Map<String, Object>) environment.getOrDefault("Variables", Map.of());
    }

    private static final class CfnConstructor extends SafeConstructor {
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
