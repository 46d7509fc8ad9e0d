package graphmodel.tests;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilder;
import org.neo4j.harness.Neo4jBuilders;
import org.neo4j.procedure.Procedure;
import org.neo4j.procedure.UserAggregationFunction;
import org.neo4j.procedure.UserFunction;

/**
 * A throwaway Neo4j 5 with GDS for graphmodel's tests: Bolt on 127.0.0.1 at a free port,
 * HTTP off, auth on with the password given in GRAPHMODEL_NEO4J_PASSWORD, data under the
 * folder given as the only argument.
 *
 * <p>Prints "READY bolt://127.0.0.1:PORT" on stdout once Bolt accepts connections, then runs
 * until its standard input closes (the Python launcher holds it open) or it is signalled.
 * With -Dgraphmodel.gds=false it has no GDS procedures.
 * GDS is put on the harness by registering every class of its jars that declares a
 * procedure or function, as GDS's own tests do; its extensions load from the class path.
 */
public final class Neo4jTestServer {
    private Neo4jTestServer() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: Neo4jTestServer DATA_FOLDER");
            System.exit(2);
        }
        String password = System.getenv("GRAPHMODEL_NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            System.err.println("GRAPHMODEL_NEO4J_PASSWORD must hold a password of 8+ characters");
            System.exit(2);
        }
        Neo4jBuilder builder = Neo4jBuilders.newInProcessBuilder(Path.of(args[0]))
                .withDisabledServer()
                .withConfig(BoltConnector.enabled, true)
                .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", 0))
                .withConfig(GraphDatabaseSettings.auth_enabled, true)
                .withConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("gds.*"));
        // -Dgraphmodel.gds=false leaves GDS out (the tests of what runs without it)
        int registered = Boolean.parseBoolean(System.getProperty("graphmodel.gds", "true"))
                ? registerGds(builder) : 0;
        Neo4j neo4j = builder.build();
        Runtime.getRuntime().addShutdownHook(new Thread(neo4j::close));
        neo4j.databaseManagementService()
                .database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
                .executeTransactionally(
                        "ALTER USER neo4j SET PLAINTEXT PASSWORD $password CHANGE NOT REQUIRED",
                        Map.of("password", password));
        System.err.println("registered " + registered + " GDS procedure and function classes");
        System.out.println("READY " + neo4j.boltURI());
        System.out.flush();
        InputStream in = System.in;
        while (in.read() != -1) {
            // hold on until the launcher goes away
        }
        System.exit(0);
    }

    /** Registers every GDS class that declares a procedure or a function. */
    private static int registerGds(Neo4jBuilder builder) throws IOException {
        ClassLoader loader = Neo4jTestServer.class.getClassLoader();
        int count = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.endsWith(".jar") || !entry.contains(File.separator + "gds" + File.separator)) {
                continue;
            }
            for (String name : classNames(entry)) {
                Class<?> type;
                Method[] methods;
                try {
                    type = Class.forName(name, false, loader);
                    methods = type.getDeclaredMethods();
                } catch (Throwable unloadable) {
                    continue;
                }
                boolean procedure = false, function = false, aggregation = false;
                for (Method method : methods) {
                    procedure |= method.isAnnotationPresent(Procedure.class);
                    function |= method.isAnnotationPresent(UserFunction.class);
                    aggregation |= method.isAnnotationPresent(UserAggregationFunction.class);
                }
                if (procedure) builder.withProcedure(type);
                if (function) builder.withFunction(type);
                if (aggregation) builder.withAggregationFunction(type);
                if (procedure || function || aggregation) count++;
            }
        }
        return count;
    }

    private static List<String> classNames(String jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (JarFile file = new JarFile(jar)) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                String path = entries.nextElement().getName();
                if (path.endsWith(".class") && !path.contains("$") && !path.startsWith("META-INF")) {
                    names.add(path.substring(0, path.length() - 6).replace('/', '.'));
                }
            }
        }
        return names;
    }
}
