package org.dualuse.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.cli.ExecutionContext;
import org.neo4j.commandline.admin.security.SetInitialPasswordCommand;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.event.DatabaseEventContext;
import org.neo4j.graphdb.event.DatabaseEventListenerAdapter;
import org.neo4j.io.ByteUnit;
import picocli.CommandLine;

/**
 * Starts Neo4j Community embedded, with the Bolt connector on 127.0.0.1, and keeps it running until
 * SIGTERM/SIGINT, until standard input closes (--exit-on-stdin-close) or until a parent process ends
 * (--parent-pid). Protocol on stdout, one line each: {@code READY bolt://127.0.0.1:PORT} once queries
 * are accepted, {@code STOPPED} after a clean shutdown, {@code PANIC <database>} when a database
 * panics (e.g. on a full disk: it refuses all work until restarted). Failures go to stderr as
 * {@code ERROR <code>: ...} with a non-zero exit status (2 bad arguments, 3 store locked, 4 port in
 * use, 1 anything else).
 *
 * <p>Options: --home DIR (default ./data/neo4j), --port N (default 7687), --pagecache SIZE_MB
 * (default 128), --tx-timeout SECONDS (default 60), --tx-log-rotation-mb N (default 256, Neo4j's),
 * --tx-log-preallocate true|false (default true, Neo4j's), --tx-log-retention POLICY (Neo4j's
 * {@code db.tx_log.rotation.retention_policy}), --exit-on-stdin-close, --parent-pid PID.
 * Heap is set by the caller with -Xmx. With the environment variable {@code KG_NEO4J_PASSWORD} set,
 * authentication is on; in a new home, user {@code neo4j} gets that password before Bolt first opens
 * (in a home created without it, the caller changes the default password over Bolt).
 */
public final class EmbeddedNeo4j {
    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private static final AtomicBoolean STOPPING = new AtomicBoolean(false);

    private EmbeddedNeo4j() {}

    public static void main(String[] args) {
        Map<String, String> opts;
        try {
            opts = parse(args);
        } catch (IllegalArgumentException e) {
            fail(2, "BAD_ARGUMENTS", e.getMessage());
            return;
        }
        Path home = Path.of(opts.getOrDefault("home", "data/neo4j")).toAbsolutePath();
        int port = intOpt(opts, "port", 7687);
        long pageCacheMb = intOpt(opts, "pagecache", 128);
        long txTimeoutSeconds = intOpt(opts, "tx-timeout", 60);

        // Neo4j's own store lock is only checked after the Bolt server has started, and backing out of
        // that costs seconds; a lock of our own in the home directory makes a second instance fail at once.
        if (!lockHome(home)) {
            fail(3, "STORE_LOCKED", "the data directory " + home
                    + " is in use by another Neo4j process (store lock); stop it or choose another directory");
            return;
        }
        try {
            BulkImport.recover(home);
        } catch (IOException e) {
            fail(1, "START_FAILED", "cannot roll back an interrupted bulk import: " + e.getMessage());
            return;
        }
        if (portInUse(port)) {
            fail(4, "PORT_IN_USE", "127.0.0.1:" + port + " is already in use");
            return;
        }

        String password = System.getenv("KG_NEO4J_PASSWORD");
        boolean auth = password != null && !password.isEmpty();
        if (auth && !Files.exists(home.resolve("data/databases/system"))) {
            // first start: the initial password is read when the system database is created, so Bolt
            // never accepts the default one
            int status = new CommandLine(new SetInitialPasswordCommand(new ExecutionContext(home, home.resolve("conf"))))
                    .setOut(new java.io.PrintWriter(java.io.OutputStream.nullOutputStream()))
                    .execute(password);
            if (status != 0) {
                fail(1, "START_FAILED", "cannot set the initial password (status " + status + ")");
                return;
            }
        }
        long rotationMb = intOpt(opts, "tx-log-rotation-mb", 256);
        boolean preallocate = !"false".equals(opts.get("tx-log-preallocate"));

        DatabaseManagementService dbms;
        try {
            DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home);
            if (opts.containsKey("tx-log-retention")) {
                builder.setConfig(GraphDatabaseSettings.keep_logical_logs, opts.get("tx-log-retention"));
            }
            dbms = builder
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(HttpsConnector.enabled, false)
                    .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                    // no usage report sent over the network at start
                    .setConfig(GraphDatabaseSettings.udc_enabled, false)
                    .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(rotationMb))
                    .setConfig(GraphDatabaseSettings.preallocate_logical_logs, preallocate)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
                    .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(txTimeoutSeconds))
                    // timeouts are enforced by a monitor; the default 2 s period would let a query overrun by that much
                    .setConfig(GraphDatabaseSettings.transaction_monitor_check_interval, Duration.ofMillis(100))
                    // defaults wait 5 s each for idle Bolt threads and connections on shutdown
                    .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                    .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                    .build();
        } catch (Throwable t) {
            if (isStoreLock(t)) {
                fail(3, "STORE_LOCKED", "the data directory " + home
                        + " is in use by another Neo4j process (store lock); stop it or choose another directory");
            } else {
                fail(1, "START_FAILED", describe(t));
            }
            return;
        }

        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(dbms), "neo4j-shutdown"));
        watchParent(opts);
        dbms.registerDatabaseEventListener(new DatabaseEventListenerAdapter() {
            @Override
            public void databasePanic(DatabaseEventContext event) {
                OUT.println("PANIC " + event.getDatabaseName());
            }
        });

        try {
            dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");
            waitForBolt(port, Duration.ofSeconds(60));
        } catch (Throwable t) {
            System.err.println("ERROR START_FAILED: " + describe(t));
            System.exit(1);
        }
        OUT.println("READY bolt://127.0.0.1:" + port);
    }

    private static void stop(DatabaseManagementService dbms) {
        if (!STOPPING.compareAndSet(false, true)) {
            return;
        }
        try {
            dbms.shutdown();
            OUT.println("STOPPED");
        } catch (Throwable t) {
            System.err.println("ERROR STOP_FAILED: " + describe(t));
        }
    }

    /** Held for the life of the process; released by the OS when the process ends, however it ends. */
    private static FileLock homeLock;

    /** Takes the home's own lock (held until the JVM exits); false when another process holds it. */
    static boolean lockHome(Path home) {
        try {
            Files.createDirectories(home);
            FileChannel ch = FileChannel.open(home.resolve("launcher.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            homeLock = ch.tryLock();
            return homeLock != null;
        } catch (IOException e) {
            fail(1, "START_FAILED", "cannot lock " + home + ": " + e.getMessage());
            return false;
        }
    }

    /**
     * No orphan JVM: leave at once when the parent's pipe closes or the parent process is gone. The
     * JVM halts without Neo4j's shutdown (which takes seconds and holds the store lock meanwhile, so a
     * re-run right after a kill would find the store locked); committed transactions are in the
     * transaction log, which the next start replays.
     */
    private static void watchParent(Map<String, String> opts) {
        if (opts.containsKey("exit-on-stdin-close")) {
            Thread t = new Thread(() -> {
                try (InputStream in = System.in) {
                    byte[] buf = new byte[256];
                    while (in.read(buf) >= 0) {
                        // drain; input has no meaning
                    }
                } catch (IOException ignored) {
                    // treated like end of input
                }
                parentGone();
            }, "stdin-watch");
            t.setDaemon(true);
            t.start();
        }
        if (opts.containsKey("parent-pid")) {
            long pid = Long.parseLong(opts.get("parent-pid"));
            ProcessHandle.of(pid).ifPresentOrElse(
                    ph -> ph.onExit().thenRun(EmbeddedNeo4j::parentGone),
                    EmbeddedNeo4j::parentGone);
        }
    }

    private static void parentGone() {
        if (STOPPING.get()) {
            return; // a requested shutdown is under way: let it finish cleanly
        }
        System.err.println("parent process gone: halting");
        Runtime.getRuntime().halt(0);
    }

    private static void waitForBolt(int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!portInUse(port)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Bolt did not open on 127.0.0.1:" + port);
            }
            Thread.sleep(50);
        }
    }

    private static boolean portInUse(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isStoreLock(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String name = c.getClass().getSimpleName();
            String msg = String.valueOf(c.getMessage());
            if (name.contains("FileLockException") || msg.contains("store_lock") || msg.contains("Lock file has been locked")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return t.getClass().getName() + ": " + t.getMessage()
                + (root != t ? " (cause: " + root.getClass().getName() + ": " + root.getMessage() + ")" : "");
    }

    private static void fail(int status, String code, String message) {
        System.err.println("ERROR " + code + ": " + message);
        System.exit(status);
    }

    private static int intOpt(Map<String, String> opts, String key, int dflt) {
        String v = opts.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 0 || n > 65535 * 1024) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            fail(2, "BAD_ARGUMENTS", "--" + key + " expects a non-negative integer, got '" + v + "'");
            return dflt;
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'");
            }
            String key = a.substring(2);
            switch (key) {
                case "exit-on-stdin-close" -> opts.put(key, "true");
                case "home", "port", "pagecache", "tx-timeout", "parent-pid", "tx-log-rotation-mb", "tx-log-preallocate",
                        "tx-log-retention" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(a + " needs a value");
                    }
                    opts.put(key, args[++i]);
                }
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        return opts;
    }
}
