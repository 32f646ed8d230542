package dev.roomcast.loadgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Prints each result as a table row and appends it as a JSON line to target/loadgen/results.jsonl. */
final class Report {

    static final Path JSONL = Path.of("target", "loadgen", "results.jsonl");
    private static boolean headerPrinted;

    private Report() {
    }

    static synchronized void print(StepResult step) {
        if (!headerPrinted) {
            System.out.println(StepResult.header());
            headerPrinted = true;
        }
        System.out.println(step.row());
        json(step.json());
    }

    static synchronized void json(String line) {
        System.out.println("JSON " + line);
        try {
            Files.createDirectories(JSONL.getParent());
            Files.writeString(JSONL, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
