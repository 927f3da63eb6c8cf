package dev.batchjobs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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
        slices().matching("dev.batchjobs.domain.(*)..").should().beFreeOfCycles().check(MAIN);
        noClasses().that().resideInAPackage("dev.batchjobs.domain")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.batchjobs.domain.input..", "dev.batchjobs.domain.target..", "dev.batchjobs.domain.chunks..",
                        "dev.batchjobs.domain.failures..", "dev.batchjobs.domain.pipeline..")
                .check(MAIN);
    }

    @Test
    void theDomainAndTheApiKnowNothingOfAws() {
        noClasses().that().resideInAnyPackage("dev.batchjobs.domain..", "dev.batchjobs.api..", "dev.batchjobs.json..")
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.amazonaws..")
                .check(MAIN);
    }

    @Test
    void theDomainDependsOnNoOtherLayer() {
        noClasses().that().resideInAPackage("dev.batchjobs.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.batchjobs.api..", "dev.batchjobs.aws..",
                        "dev.batchjobs.handlers..", "dev.batchjobs.wiring..", "dev.batchjobs.json..", "dev.batchjobs.cli..")
                .check(MAIN);
    }

    @Test
    void nothingBelowTheHandlersKnowsThem() {
        noClasses().that().resideOutsideOfPackage("dev.batchjobs.handlers..")
                .should().dependOnClassesThat().resideInAPackage("dev.batchjobs.handlers..")
                .check(MAIN);
    }

    @Test
    void onlyTheWiringReadsTheEnvironment() {
        noClasses().that().resideOutsideOfPackages("dev.batchjobs.wiring..", "dev.batchjobs.cli..")
                .should().callMethod(System.class, "getenv")
                .orShould().callMethod(System.class, "getenv", String.class)
                .check(MAIN);
    }
}
