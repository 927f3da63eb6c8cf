package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.local.SamTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** The jar template.yaml deploys exists after the build and holds every handler it names. */
class DeployableJarIT {
    @Test
    void theCodeUriJarHoldsEveryHandlerClass() throws Exception {
        Path root = Path.of("..", "..");
        SamTemplate template = SamTemplate.load(root.resolve("template.yaml"), "batchjobs", Map.of());
        Path jar = root.resolve(String.valueOf(template.functionGlobals().get("CodeUri")));

        assertThat(jar).isRegularFile();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Map<String, Object> function :
                    template.resources("AWS::Serverless::Function").values()) {
                String handler = String.valueOf(function.get("Handler")).split("::")[0];
                assertThat(zip.getEntry(handler.replace('.', '/') + ".class"))
                        .as(handler)
                        .isNotNull();
            }
            assertThat(zip.getEntry("dev/batchjobs/cli/ApiKeysCommand.class")).isNotNull();
            assertThat(zip.getEntry("software/amazon/awssdk/services/dynamodb/DynamoDbClient.class"))
                    .isNotNull();
        }
        assertThat(Files.size(jar)).isLessThan(250L * 1024 * 1024);
    }
}
