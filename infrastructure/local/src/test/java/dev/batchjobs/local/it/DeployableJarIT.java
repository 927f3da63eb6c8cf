package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.local.SamTemplate;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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

    /**
     * Lambda extracts a layer into /opt with the modes its zip records: the JVM wrapper must be there as an
     * executable, or the functions that name it in AWS_LAMBDA_EXEC_WRAPPER cannot start.
     */
    @Test
    void theJvmLayerZipHoldsTheWrapperAsAnExecutable() throws Exception {
        Path root = Path.of("..", "..");
        SamTemplate template = SamTemplate.load(root.resolve("template.yaml"), "batchjobs", Map.of());
        Path layer = root.resolve(String.valueOf(template.resources("AWS::Serverless::LayerVersion")
                .get("JvmLayer")
                .get("ContentUri")));

        assertThat(layer).isRegularFile();
        Map<String, Integer> modes = unixModes(Files.readAllBytes(layer));
        String wrapper = template.functions().stream()
                .filter(f -> f.logicalId().equals("SmallChunkWorkerFunction"))
                .findFirst()
                .orElseThrow()
                .environment()
                .get("AWS_LAMBDA_EXEC_WRAPPER");
        assertThat(wrapper).startsWith("/opt/");
        String entry = wrapper.substring("/opt/".length());
        assertThat(modes).containsKey(entry);
        assertThat(modes.get(entry) & 0777).isEqualTo(0755);
    }

    /** Each entry's Unix mode, from the zip's central directory (the high half of its external attributes). */
    private static Map<String, Integer> unixModes(byte[] zip) {
        ByteBuffer bytes = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int end = zip.length - 22;
        while (end >= 0 && bytes.getInt(end) != 0x06054b50) {
            end--;
        }
        assertThat(end).as("end of central directory").isNotNegative();
        int entries = Short.toUnsignedInt(bytes.getShort(end + 10));
        int at = bytes.getInt(end + 16);
        Map<String, Integer> modes = new LinkedHashMap<>();
        for (int i = 0; i < entries; i++) {
            assertThat(bytes.getInt(at)).as("central directory header").isEqualTo(0x02014b50);
            int nameLength = Short.toUnsignedInt(bytes.getShort(at + 28));
            int extraLength = Short.toUnsignedInt(bytes.getShort(at + 30));
            int commentLength = Short.toUnsignedInt(bytes.getShort(at + 32));
            String name = new String(zip, at + 46, nameLength, StandardCharsets.UTF_8);
            modes.put(name, bytes.getInt(at + 38) >>> 16);
            at += 46 + nameLength + extraLength + commentLength;
        }
        return modes;
    }
}
