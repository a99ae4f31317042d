package org.dualuse.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.neo4j.cli.ExecutionContext;
import org.neo4j.importer.ImportCommand;
import picocli.CommandLine;

/**
 * Runs Neo4j's offline bulk importer ({@code neo4j-admin database import full}) into the default
 * database of an embedded Neo4j home that no process is using. Usage:
 * {@code --home DIR [--parent-pid PID] -- <import full options>}; everything after {@code --} goes to
 * the importer. With {@code --parent-pid} it halts when that process is gone.
 *
 * <p>All or nothing: under the home's lock (the one the embedded server takes, so neither runs while
 * the other does), the database's store and transaction folders are moved aside
 * ({@code <db>.before-import}), the importer writes new ones, and only a completed import writes the
 * marker that keeps them; otherwise the partial folders are deleted and the old ones put back, by
 * this run or, when it dies half-way (killed, power cut), by the next start of the server or of an
 * import ({@link #recover}).
 * Exit status: 0 imported; 3 the home is in use; 5 the importer refused the input (its reason on
 * stdout, nothing changed); 2 bad arguments; 1 anything else.
 */
public final class BulkImport {
    private static final String DATABASE = "neo4j";
    private static final String ASIDE = ".before-import";
    private static final String COMPLETE = "import-complete";

    private BulkImport() {}

    public static void main(String[] args) {
        int dash = Arrays.asList(args).indexOf("--");
        if (dash < 2 || !"--home".equals(args[0]) || (dash != 2 && !(dash == 4 && "--parent-pid".equals(args[2])))) {
            fail(2, "BAD_ARGUMENTS", "usage: --home DIR [--parent-pid PID] -- <import options>");
        }
        Path home = Path.of(args[1]).toAbsolutePath();
        if (dash == 4) {
            ProcessHandle.of(Long.parseLong(args[3])).ifPresentOrElse(
                    p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(1)),
                    () -> Runtime.getRuntime().halt(1));
        }
        if (!EmbeddedNeo4j.lockHome(home)) {
            fail(3, "STORE_LOCKED", "the data directory " + home + " is in use by a running Neo4j; stop it first");
        }
        try {
            recover(home);
            for (Path f : folders(home)) {
                if (Files.exists(f)) {
                    Files.move(f, sibling(f, ASIDE));
                }
            }
        } catch (IOException e) {
            fail(1, "IMPORT_FAILED", "cannot move the old store aside: " + e.getMessage());
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        ExecutionContext ctx = new ExecutionContext(home, home.resolve("conf"), out, err,
                new org.neo4j.io.fs.DefaultFileSystemAbstraction());
        String[] importArgs = Arrays.copyOfRange(args, dash + 1, args.length);
        int status;
        try {
            status = new CommandLine(new ImportCommand.Full(ctx)).execute(importArgs);
        } catch (Throwable t) {
            t.printStackTrace(err);
            status = 1;
        }
        try {
            if (status == 0) {
                // one atomic step makes the new store the one to keep; recover then drops the old one
                Files.createFile(home.resolve(COMPLETE));
            }
            recover(home);
        } catch (IOException e) {
            fail(1, "IMPORT_FAILED", "cannot " + (status == 0 ? "remove" : "restore") + " the old store: " + e.getMessage());
        }
        if (status != 0) {
            fail(5, "IMPORT_FAILED", "the bulk importer stopped (status " + status + "); the database is as it was");
        }
        System.exit(0);
    }

    /**
     * Finishes what an import left, under the home's lock. With the completion marker, the imported
     * store stays and the old one aside is deleted; without it, the import did not complete (failed,
     * or died half-way), so a store aside comes back in place of the partial one.
     */
    static void recover(Path home) throws IOException {
        boolean complete = Files.exists(home.resolve(COMPLETE));
        for (Path f : folders(home)) {
            if (!Files.exists(sibling(f, ASIDE))) {
                continue;
            }
            if (!complete) {
                deleteTree(f);
                Files.move(sibling(f, ASIDE), f);
            } else {
                deleteTree(sibling(f, ASIDE));
            }
        }
        Files.deleteIfExists(home.resolve(COMPLETE));
    }

    private static List<Path> folders(Path home) {
        return List.of(home.resolve("data/databases").resolve(DATABASE), home.resolve("data/transactions").resolve(DATABASE));
    }

    private static Path sibling(Path folder, String suffix) {
        return folder.resolveSibling(folder.getFileName() + suffix);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void fail(int status, String code, String message) {
        System.err.println("ERROR " + code + ": " + message);
        System.exit(status);
    }
}
