package dev.roomcast.loadgen;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.roomcast.support.AppProcess.Launch;
import dev.roomcast.support.attacks.AttackReport;
import dev.roomcast.support.attacks.Attacks;

/**
 * The memory attacks of issue 25 (support/attacks, the same clients security/MemoryAttacksIT asserts on),
 * each against a fresh process of the given jar with every setting at its default and -Xmx448m, pinned to
 * the server's core: idle, peak and after-GC heap and RSS, liveness, the witness pair's worst delay and how
 * the attacking connection ended, as a table for docs/performance.md ("Memory under attack").
 */
final class AttacksScenario {

    private AttacksScenario() {
    }

    /** {@code names}: attacks from {@link Attacks#NAMES}. */
    static void run(List<String> names, Path jar, String cpu) throws Exception {
        Launch launch = Launch.defaults(Attacks.HEAP).withJar(jar);
        if (cpu != null) {
            launch = launch.pinnedTo(cpu);
        }
        List<AttackReport<?>> reports = new ArrayList<>();
        for (String name : names) {
            System.out.println("attack " + name + " against " + jar + " ...");
            AttackReport<?> report = Attacks.run(name, launch);
            System.out.println(report);
            Report.json(report.json());
            reports.add(report);
        }
        System.out.println(AttackReport.header());
        reports.forEach(r -> System.out.println(r.row()));
    }
}
