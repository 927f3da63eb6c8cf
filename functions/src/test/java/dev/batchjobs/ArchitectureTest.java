package dev.batchjobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The boundaries the design promises, checked on the sources: the domain and the HTTP API import nothing
 * from AWS, the domain nothing from the layers around it, and only the wiring reads the process
 * environment. (The domain may use Jackson: JSON is the format of its input rows, not infrastructure.)
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java/dev/batchjobs");

    @Test
    void theDomainAndTheApiKnowNothingOfAws() throws IOException {
        for (String layer : List.of("domain", "api")) {
            try (Stream<Path> files = Files.walk(MAIN.resolve(layer))) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(file -> {
                    String source = read(file);
                    assertThat(source).as(file.toString())
                            .doesNotContain("import software.amazon")
                            .doesNotContain("import com.amazonaws");
                });
            }
        }
    }

    @Test
    void theDomainDependsOnNoOtherLayer() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN.resolve("domain"))) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(file ->
                    assertThat(read(file)).as(file.toString())
                            .doesNotContain("import dev.batchjobs.api")
                            .doesNotContain("import dev.batchjobs.aws")
                            .doesNotContain("import dev.batchjobs.handlers")
                            .doesNotContain("import dev.batchjobs.wiring"));
        }
    }

    @Test
    void onlyTheWiringReadsTheEnvironment() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.getFileName().toString().equals("Wiring.java"))
                    .filter(f -> !f.startsWith(MAIN.resolve("cli")))
                    .forEach(file -> assertThat(read(file)).as(file.toString()).doesNotContain("System.getenv"));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
