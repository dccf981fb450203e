package org.newsgraph.neo4j;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.config.Setting;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Local Neo4j Community server for newsgraph: an embedded DatabaseManagementService with only the Bolt
 * connector enabled (no HTTP). Started and stopped by scripts/neo4j.sh.
 *
 * <p>Usage: {@code java -cp target/classes:target/lib/* org.newsgraph.neo4j.NewsgraphNeo4j [HOME]}
 *
 * <p>Environment:
 * <ul>
 *   <li>{@code NEWSGRAPH_NEO4J_HOME} – home dir (data/, logs/) when no argument is given (default ./.neo4j)</li>
 *   <li>{@code NEO4J_BOLT_HOST} – listen address (default 127.0.0.1)</li>
 *   <li>{@code NEO4J_BOLT_PORT} – Bolt port (default 7687)</li>
 *   <li>{@code NEO4J_USER} – must be {@code neo4j} (the only built-in user of Community edition)</li>
 *   <li>{@code NEO4J_PASSWORD} – password of user neo4j (default "newsgraph", at least 8 characters).
 *       It is (re)applied on every start, so changing it and restarting changes the password.</li>
 *   <li>{@code NEO4J_AUTH=none} – run with authentication disabled</li>
 *   <li>{@code NEO4J_PAGECACHE} – page cache size, e.g. 512m (default 512m)</li>
 * </ul>
 * An optional {@code HOME/conf/neo4j.conf} is loaded first for any further settings.
 */
public final class NewsgraphNeo4j {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private NewsgraphNeo4j() {}

    static void log(String msg) {
        System.out.println(LocalDateTime.now().format(TS) + " [newsgraph-neo4j] " + msg);
        System.out.flush();
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v.trim();
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args.length > 0 ? args[0] : env("NEWSGRAPH_NEO4J_HOME", ".neo4j"))
                .toAbsolutePath()
                .normalize();
        String host = env("NEO4J_BOLT_HOST", "127.0.0.1");
        int port = Integer.parseInt(env("NEO4J_BOLT_PORT", "7687"));
        boolean auth = !"none".equalsIgnoreCase(env("NEO4J_AUTH", ""));
        String user = env("NEO4J_USER", "neo4j");
        String password = env("NEO4J_PASSWORD", "newsgraph");
        if (auth && !"neo4j".equals(user)) {
            throw new IllegalArgumentException("NEO4J_USER must be 'neo4j' (Community edition has only that user)");
        }
        if (auth && password.length() < 8) {
            throw new IllegalArgumentException("NEO4J_PASSWORD must have at least 8 characters");
        }
        Files.createDirectories(home.resolve("logs"));

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home);
        Path conf = home.resolve("conf").resolve("neo4j.conf");
        if (Files.isRegularFile(conf)) {
            log("loading " + conf);
            builder.loadPropertiesFromFile(conf);
        }
        SocketAddress bolt = new SocketAddress(host, port);
        Map<Setting<?>, Object> cfg = new HashMap<>();
        cfg.put(BoltConnector.enabled, true);
        cfg.put(BoltConnector.listen_address, bolt);
        cfg.put(BoltConnector.advertised_address, bolt);
        cfg.put(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED);
        cfg.put(HttpConnector.enabled, false);
        cfg.put(HttpsConnector.enabled, false);
        cfg.put(GraphDatabaseSettings.auth_enabled, auth);
        cfg.put(GraphDatabaseSettings.logs_directory, home.resolve("logs"));
        cfg.put(GraphDatabaseSettings.pagecache_memory, parseBytes(env("NEO4J_PAGECACHE", "512m")));
        cfg.put(GraphDatabaseSettings.udc_enabled, false); // no usage reports (no internet here anyway)
        // Settings that differ between Neo4j versions are set only where they exist:
        // no Fleet Manager / discovery broadcasts, and Bolt waits 5 s + 5 s for idle connections and
        // threads on shutdown by default, which a local dev server need not.
        optional(cfg, "org.neo4j.fleetmanagement.FleetManagementSettings", "fleet_manager_enabled", false);
        optional(cfg, "org.neo4j.configuration.connectors.BoltConnector", "enable_discovery", false);
        optional(cfg, "org.neo4j.configuration.connectors.BoltConnectorInternalSettings",
                "connection_shutdown_wait_time", Duration.ofSeconds(1));
        optional(cfg, "org.neo4j.configuration.connectors.BoltConnectorInternalSettings",
                "thread_pool_shutdown_wait_time", Duration.ofSeconds(1));
        builder.setConfig(cfg);

        log("starting Neo4j (home " + home + ", bolt " + bolt + ", auth " + (auth ? "enabled" : "DISABLED") + ")");
        long t0 = System.nanoTime();
        DatabaseManagementService dbms;
        try {
            dbms = builder.build();
        } catch (Throwable t) {
            log("FAILED to start Neo4j: " + t);
            t.printStackTrace(System.out);
            System.exit(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log("shutdown requested, stopping Neo4j");
            try {
                dbms.shutdown();
                log("Neo4j stopped cleanly");
            } catch (Throwable t) {
                log("error during shutdown: " + t);
                t.printStackTrace(System.out);
            } finally {
                stopped.countDown();
            }
        }, "newsgraph-neo4j-shutdown"));

        try {
            if (auth) {
                applyPassword(dbms, user, password);
            }
            GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            db.executeTransactionally("RETURN 1");
        } catch (Throwable t) {
            log("FAILED to initialise Neo4j: " + t);
            t.printStackTrace(System.out);
            System.exit(1); // runs the shutdown hook; Neo4j's non-daemon threads would otherwise keep us alive
        }
        log(String.format("Neo4j started in %.1f s, Bolt listening on bolt://%s:%d", (System.nanoTime() - t0) / 1e9, host, port));
        stopped.await();
    }

    private static void optional(Map<Setting<?>, Object> cfg, String cls, String field, Object value) {
        try {
            cfg.put((Setting<?>) Class.forName(cls).getField(field).get(null), value);
        } catch (ReflectiveOperationException | LinkageError e) {
            log("setting " + cls + "." + field + " not available in this Neo4j version, skipped");
        }
    }

    /**
     * Sets the password of the built-in user through the system database (the same effect as
     * {@code neo4j-admin dbms set-initial-password}, but also applies to an existing store) and clears the
     * "password change required" flag so that drivers can use it directly.
     */
    private static void applyPassword(DatabaseManagementService dbms, String user, String password) throws Exception {
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        // Skip the (slow, cold-Cypher) ALTER USER when this password was already applied to this store:
        // a salted SHA-256 of user+password is kept next to Neo4j's own dbms/ folder.
        Path dataDir = ((GraphDatabaseAPI) system).getDependencyResolver()
                .resolveDependency(Config.class).get(GraphDatabaseSettings.data_directory);
        Path marker = dataDir.resolve("dbms").resolve("newsgraph-password.sha256");
        if (Files.isRegularFile(marker)) {
            String[] parts = Files.readString(marker).trim().split(":");
            if (parts.length == 2 && parts[1].equals(digest(parts[0], user, password))) {
                log("password for user '" + user + "' already set from NEO4J_PASSWORD");
                return;
            }
        }
        alterPassword(system, user, password);
        byte[] saltBytes = new byte[16];
        new SecureRandom().nextBytes(saltBytes);
        String salt = HexFormat.of().formatHex(saltBytes);
        Files.createDirectories(marker.getParent());
        Files.writeString(marker, salt + ":" + digest(salt, user, password) + "\n");
    }

    private static String digest(String salt, String user, String password) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update((salt + "\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest());
    }

    private static void alterPassword(GraphDatabaseService system, String user, String password) {
        try {
            system.executeTransactionally(
                    "ALTER USER " + user + " SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
            log("password for user '" + user + "' set from NEO4J_PASSWORD");
        } catch (RuntimeException e) {
            String m = String.valueOf(e.getMessage()) + " " + (e.getCause() == null ? "" : e.getCause().getMessage());
            if (m.toLowerCase().contains("same")) {
                // Neo4j refuses to "change" a password to its current value: it is already what we want.
                system.executeTransactionally("ALTER USER " + user + " SET PASSWORD CHANGE NOT REQUIRED");
                log("password for user '" + user + "' unchanged");
            } else {
                throw e;
            }
        }
    }

    private static long parseBytes(String s) {
        String v = s.trim().toLowerCase();
        long mult = 1;
        char last = v.charAt(v.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
            mult = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
            v = v.substring(0, v.length() - 1);
        }
        return Long.parseLong(v) * mult;
    }
}
