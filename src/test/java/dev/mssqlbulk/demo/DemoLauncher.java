package dev.mssqlbulk.demo;

import dev.mssqlbulk.emulator.EmulatorOptions;
import dev.mssqlbulk.emulator.MssqlEmulator;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the packaged service for the README's walkthrough. With {@code MSSQL_BULK_INSTANCES_DEMO_URL} set it uses
 * that SQL Server; otherwise it starts the in-memory SQL Server emulator with a sample {@code contact} table and
 * points a {@code demo} instance at it. Lives in test scope so the emulator stays out of the production artifact.
 */
public final class DemoLauncher {

    static final String ELEMENT_TOKEN = "demo-element-token";
    static final String USER_SECRET = "demo-user-secret";

    public static void main(String[] args) throws Exception {
        Path app = Path.of(args.length > 0 ? args[0] : "target/quarkus-app/quarkus-run.jar");
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", app.toString()));
        ProcessBuilder service = new ProcessBuilder(command).inheritIO();
        Map<String, String> env = service.environment();
        MssqlEmulator emulator = null;
        if (env.get("MSSQL_BULK_INSTANCES_DEMO_URL") == null) {
            emulator = MssqlEmulator.start(EmulatorOptions.defaults().withInitScript(script("demo/contact.sql")));
            env.put("MSSQL_BULK_INSTANCES_DEMO_URL", emulator.url());
            env.put(
                    "MSSQL_BULK_INSTANCES_DEMO_USERNAME",
                    EmulatorOptions.defaults().user());
            env.put(
                    "MSSQL_BULK_INSTANCES_DEMO_PASSWORD",
                    EmulatorOptions.defaults().password());
            banner(emulator.url());
        }
        env.putIfAbsent("MSSQL_BULK_INSTANCES_DEMO_ELEMENT_TOKEN", ELEMENT_TOKEN);
        env.putIfAbsent("MSSQL_BULK_INSTANCES_DEMO_USER_SECRETS", USER_SECRET);
        Process process = service.start();
        MssqlEmulator running = emulator;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            process.destroy();
            if (running != null) {
                running.close();
            }
        }));
        System.exit(process.waitFor());
    }

    private static void banner(String url) {
        String line = "*".repeat(78);
        System.out.println(line);
        System.out.println("* No SQL Server configured: using the embedded SQL Server EMULATOR at " + url);
        System.out.println("* ALL DATA LIVES IN MEMORY and is gone when this process stops.");
        System.out.println("* Set MSSQL_BULK_INSTANCES_DEMO_URL/_USERNAME/_PASSWORD to use a real SQL Server.");
        System.out.println(
                "* Try: curl -H 'Authorization: Element " + ELEMENT_TOKEN + ", User " + USER_SECRET + "' \\");
        System.out.println("*        http://localhost:8080/elements/api-v2/hubs/marketing/objects");
        System.out.println(line);
    }

    private static Path script(String resource) throws IOException, URISyntaxException {
        Path copy = Files.createTempFile("mssql-bulk-demo", ".sql");
        try (var in = DemoLauncher.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing resource " + resource);
            }
            Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        copy.toFile().deleteOnExit();
        return copy;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
