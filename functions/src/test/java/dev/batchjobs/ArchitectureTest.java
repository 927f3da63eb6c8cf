package dev.batchjobs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The boundaries the design promises, checked on the compiled classes: the layers depend one way (handlers and
 * the local cloud on wiring, wiring on the adapters and the API, those on the domain), no package circle anywhere
 * in main code but the one named below, the domain and the HTTP API know nothing of AWS, and only the wiring reads
 * the process environment. (The domain may use Jackson: JSON is the format of its input rows, not infrastructure.)
 */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.batchjobs");

    @Test
    void theLayersHaveNoCircle() {
        slices().matching("dev.batchjobs.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    /**
     * Inside the domain the packages read in the data's order (input → target → chunks → failures → pipeline).
     * The one circle left is a job and its events: a job's store writes its lifecycle events in the same write.
     */
    @Test
    void theDomainsPackagesHaveNoCircle() {
        slices().matching("dev.batchjobs.domain.(*)..")
                .should()
                .beFreeOfCycles()
                .check(MAIN);
        noClasses()
                .that()
                .resideInAPackage("dev.batchjobs.domain")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.batchjobs.domain.input..",
                        "dev.batchjobs.domain.target..",
                        "dev.batchjobs.domain.chunks..",
                        "dev.batchjobs.domain.failures..",
                        "dev.batchjobs.domain.pipeline..")
                .check(MAIN);
    }

    @Test
    void theDomainAndTheApiKnowNothingOfAws() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.batchjobs.domain..", "dev.batchjobs.api..", "dev.batchjobs.json..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("software.amazon..", "com.amazonaws..")
                .check(MAIN);
    }

    @Test
    void theDomainDependsOnNoOtherLayer() {
        noClasses()
                .that()
                .resideInAPackage("dev.batchjobs.domain..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.batchjobs.api..",
                        "dev.batchjobs.aws..",
                        "dev.batchjobs.handlers..",
                        "dev.batchjobs.wiring..",
                        "dev.batchjobs.json..",
                        "dev.batchjobs.cli..")
                .check(MAIN);
    }

    @Test
    void nothingBelowTheHandlersKnowsThem() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.batchjobs.handlers..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.batchjobs.handlers..")
                .check(MAIN);
    }

    @Test
    void onlyTheWiringReadsTheEnvironment() {
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.batchjobs.wiring..", "dev.batchjobs.cli..")
                .should()
                .callMethod(System.class, "getenv")
                .orShould()
                .callMethod(System.class, "getenv", String.class)
                .check(MAIN);
    }

    /** Types are imported, never spelled out inline, in both modules' main and test code. */
    @Test
    void noSourceSpellsATypeByItsFullName() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path root : List.of(Path.of("src"), Path.of("../infrastructure/local/src"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    found.addAll(inlineFullNames(file));
                }
            }
        }
        assertThat(found).isEmpty();
    }

    private static final Pattern FULL_NAME = Pattern.compile(
            "(?<![\\w.])(?:java|javax|jakarta|com|org|software|dev)\\.(?:[a-z_][a-z0-9_]*\\.)+[A-Z]\\w*");
    private static final Pattern COMMENT_OR_LITERAL = Pattern.compile(
            "\"\"\"[\\s\\S]*?\"\"\"|\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'|//[^\\n]*|/\\*[\\s\\S]*?\\*/");

    private static List<String> inlineFullNames(Path file) throws IOException {
        Matcher blanks = COMMENT_OR_LITERAL.matcher(Files.readString(file));
        StringBuilder code = new StringBuilder();
        while (blanks.find()) {
            blanks.appendReplacement(
                    code, Matcher.quoteReplacement(blanks.group().replaceAll("[^\\n]", " ")));
        }
        blanks.appendTail(code);
        List<String> found = new ArrayList<>();
        String[] lines = code.toString().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].strip().startsWith("import ") || lines[i].strip().startsWith("package ")) {
                continue;
            }
            Matcher name = FULL_NAME.matcher(lines[i]);
            while (name.find()) {
                found.add(file + ":" + (i + 1) + ": " + name.group());
            }
        }
        return found;
    }
}
