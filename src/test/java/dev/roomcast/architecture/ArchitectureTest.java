package dev.roomcast.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;

/**
 * The package picture of docs/architecture.md, enforced: no cycle between any two packages, and each
 * layer uses only the layers below it. A change that breaks either fails here with the offending
 * dependencies listed.
 */
class ArchitectureTest {

    /** Ground up: a layer may use any layer before it in this list, never one after it. */
    static final List<String> LAYERS = List.of("config", "protocol", "telemetry", "webhook", "delivery", "session", "cluster",
            "room", "hook", "security", "endpoint", "health", "lifecycle", "api");

    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("dev.roomcast.(**)").should().beFreeOfCycles();

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.roomcast");
        assertTrue(main.size() > 50, "imported only " + main.size() + " main classes: is the class path right?");
    }

    @Test
    void noPackageDependsOnItselfThroughAnother() {
        NO_PACKAGE_CYCLES.check(main);
    }

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        layers().check(main);
    }

    @Test
    void everyMainPackageBelongsToALayer() {
        main.forEach(c -> assertTrue(LAYERS.stream().anyMatch(layer -> c.getPackageName().equals("dev.roomcast." + layer)
                || c.getPackageName().startsWith("dev.roomcast." + layer + ".")),
                c.getName() + " is in no layer: add its package to LAYERS and docs/architecture.md"));
    }

    /** The rule itself must fail on a cycle: two fixture packages that use each other. */
    @Test
    void theCycleRuleCatchesACycle() {
        JavaClasses fixture = new ClassFileImporter().importPackages("dev.roomcast.architecture.fixture.up",
                "dev.roomcast.architecture.fixture.down");
        AssertionError failure = assertThrows(AssertionError.class,
                () -> slices().matching("dev.roomcast.architecture.fixture.(**)").should().beFreeOfCycles().check(fixture));
        assertTrue(failure.getMessage().contains("Cycle detected"), failure.getMessage());
    }

    private static LayeredArchitecture layers() {
        LayeredArchitecture rule = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String layer : LAYERS) {
            rule = rule.layer(layer).definedBy("dev.roomcast." + layer + "..");
        }
        for (int i = 0; i < LAYERS.size() - 1; i++) {
            rule = rule.whereLayer(LAYERS.get(i)).mayOnlyBeAccessedByLayers(
                    LAYERS.subList(i + 1, LAYERS.size()).toArray(String[]::new));
        }
        return rule.whereLayer(LAYERS.get(LAYERS.size() - 1)).mayNotBeAccessedByAnyLayer();
    }
}
