package dev.roomcast.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import dev.roomcast.architecture.fixture.StaticPingBuffer;

/**
 * Quarkus initialises application classes while building the native image, so a static field's value
 * is written into the image heap. Netty and Vert.x objects (buffers, channels, event loops, thread
 * locals) belong to classes initialised at run time and fail the native build there: a static Vert.x
 * {@code Buffer} did, unseen by every JVM test. This rule keeps such fields out of Roomcast's code.
 */
class NativeSafeStaticsTest {

    /** Types whose instances must be made at run time. */
    static final DescribedPredicate<JavaClass> RUNTIME_ONLY = resideInAnyPackage("io.netty..", "io.vertx.core.buffer..",
            "io.vertx.core.net..", "io.vertx.core.http..", "io.vertx.core.eventbus..")
            .or(assignableTo(io.vertx.core.Vertx.class)).or(assignableTo(io.vertx.core.Context.class))
            .as("a Netty or Vert.x buffer, channel, socket or event-loop type");

    static final ArchRule NO_RUNTIME_OBJECTS_IN_STATICS = noFields().that().areStatic()
            .should().haveRawType(RUNTIME_ONLY)
            .because("the native image builder would put the object into the image heap (see docs/operations.md)");

    @Test
    void mainCodeKeepsNoNettyOrVertxObjectInAStaticField() {
        JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.roomcast");
        assertTrue(main.size() > 50, "imported only " + main.size() + " main classes: is the class path right?");
        NO_RUNTIME_OBJECTS_IN_STATICS.check(main);
    }

    @Test
    void theRuleCatchesAStaticVertxBuffer() {
        JavaClasses fixture = new ClassFileImporter().importClasses(StaticPingBuffer.class);
        AssertionError failure = assertThrows(AssertionError.class, () -> NO_RUNTIME_OBJECTS_IN_STATICS.check(fixture));
        assertTrue(failure.getMessage().contains("StaticPingBuffer.PING"), failure.getMessage());
    }
}
