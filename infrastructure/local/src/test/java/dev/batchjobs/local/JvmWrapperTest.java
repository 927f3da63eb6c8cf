package dev.batchjobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM wrapper (functions/src/main/jvm-layer/bin/batchjobs-java, template.yaml's JvmLayer): run as Lambda runs it,
 * with a java command and the runtime's flags, it hands on the same command with the heap and metaspace caps the
 * function sets in place of the runtime's; and the template gives it to the small worker with caps that fit.
 */
class JvmWrapperTest extends TemplateFixture {
    private static final Path SCRIPT = LocalCloudOptions.findTemplate(Path.of(""))
            .toAbsolutePath()
            .getParent()
            .resolve(Path.of("functions", "src", "main", "jvm-layer", "bin", "batchjobs-java"));

    /** What Lambda's java runtime passes for 160 MB, in the order it passes them. */
    private static final List<String> RUNTIME_FLAGS = List.of(
            "-XX:MaxHeapSize=139264k",
            "-XX:MaxMetaspaceSize=16384k",
            "-XX:ReservedCodeCacheSize=8192k",
            "-XX:+UseSerialGC",
            "-Djava.net.preferIPv4Stack=true",
            "-Dname=two words",
            "-classpath",
            "/var/runtime/lib/a.jar:/var/runtime/lib/b.jar",
            "lambdainternal.AWSLambda");

    @TempDir
    Path directory;

    @Test
    void replacesTheRuntimesHeapAndMetaspaceCapsWithTheFunctionsOwn() throws Exception {
        List<String> passed = run(Map.of("BATCHJOBS_MAX_HEAP_SIZE", "48m", "BATCHJOBS_MAX_METASPACE_SIZE", "64m"));

        List<String> expected = new ArrayList<>(List.of("-XX:MaxHeapSize=48m", "-XX:MaxMetaspaceSize=64m"));
        expected.addAll(RUNTIME_FLAGS.subList(2, RUNTIME_FLAGS.size()));
        assertThat(passed).containsExactlyElementsOf(expected);
    }

    @Test
    void leavesTheRuntimesCapsWhereTheFunctionSetsNone() throws Exception {
        assertThat(run(Map.of())).containsExactlyElementsOf(RUNTIME_FLAGS);
        assertThat(run(Map.of("BATCHJOBS_MAX_METASPACE_SIZE", "64m")))
                .startsWith("-XX:MaxMetaspaceSize=64m", "-XX:MaxHeapSize=139264k")
                .doesNotContain("-XX:MaxMetaspaceSize=16384k")
                .endsWith("lambdainternal.AWSLambda");
    }

    @Test
    void aStartWithoutACommandFailsAndSaysWhy() throws Exception {
        Process process = new ProcessBuilder("/bin/sh", SCRIPT.toString()).start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isNotZero();
        assertThat(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("no java command");
    }

    /**
     * The small worker starts through the wrapper from the layer, and its caps leave room in its MemorySize for what
     * the JVM holds besides the heap and metaspace (code cache, thread stacks, the JVM itself: about 75 MiB measured).
     */
    @Test
    void theSmallWorkerStartsThroughTheWrapperWithCapsThatFitItsMemory() {
        Map<String, SamTemplate.Function> byId = new HashMap<>();
        template.functions().forEach(f -> byId.put(f.logicalId(), f));
        SamTemplate.Function small = byId.get("SmallChunkWorkerFunction");

        Map<String, Object> layer = declared("AWS::Serverless::LayerVersion").get("JvmLayer");
        assertThat(layer).isNotNull();
        // The zip the functions module's package phase makes, with the script's mode (DeployableJarIT reads it).
        assertThat(properties(layer).get("ContentUri")).isEqualTo("functions/target/functions-jvm-layer.zip");
        assertThat(String.valueOf(
                        properties(declared("AWS::Serverless::Function").get("SmallChunkWorkerFunction"))
                                .get("Layers")))
                .contains("JvmLayer");

        assertThat(small.environment()).containsEntry("AWS_LAMBDA_EXEC_WRAPPER", "/opt/bin/batchjobs-java");
        long heap = megabytes(small.environment().get("BATCHJOBS_MAX_HEAP_SIZE"));
        long metaspace = megabytes(small.environment().get("BATCHJOBS_MAX_METASPACE_SIZE"));
        assertThat(metaspace)
                .as("metaspace: the handler's classes need about 37 MiB")
                .isGreaterThanOrEqualTo(48);
        assertThat(heap + metaspace + 75).as("heap + metaspace + the rest").isLessThanOrEqualTo(small.memoryMb() + 30);
    }

    private static long megabytes(String size) {
        assertThat(size).matches("\\d+m");
        return Long.parseLong(size.substring(0, size.length() - 1));
    }

    /** The arguments the wrapper hands on to the java command (here a script that prints one a line). */
    private List<String> run(Map<String, String> environment) throws IOException, InterruptedException {
        Path java = directory.resolve("java");
        if (!Files.exists(java)) {
            Files.writeString(java, "#!/bin/sh\nfor argument do printf '%s\\n' \"$argument\"; done\n");
            Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        List<String> command = new ArrayList<>(List.of("/bin/sh", SCRIPT.toString(), java.toString()));
        command.addAll(RUNTIME_FLAGS);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("BATCHJOBS_MAX_HEAP_SIZE");
        builder.environment().remove("BATCHJOBS_MAX_METASPACE_SIZE");
        builder.environment().putAll(environment);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        return List.of(out.split("\n"));
    }
}
