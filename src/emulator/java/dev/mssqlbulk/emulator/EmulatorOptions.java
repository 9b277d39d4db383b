package dev.mssqlbulk.emulator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of an {@link MssqlEmulator}.
 *
 * @param port        TCP port on 127.0.0.1; 0 picks a free port
 * @param database    database reported to clients that log in without naming one (and in URLs)
 * @param user        the one login accepted
 * @param password    its password
 * @param initScripts T-SQL scripts run at start (statements separated by ';' or lines holding only GO)
 */
public record EmulatorOptions(int port, String database, String user, String password, List<Path> initScripts) {
    public EmulatorOptions {
        initScripts = initScripts == null ? List.of() : List.copyOf(initScripts);
    }

    /** Port 0, database "master", user "sa", password "Emulator#1", no scripts. */
    public static EmulatorOptions defaults() {
        return new EmulatorOptions(0, "master", "sa", "Emulator#1", List.of());
    }

    public EmulatorOptions withPort(int port) {
        return new EmulatorOptions(port, database, user, password, initScripts);
    }

    public EmulatorOptions withDatabase(String database) {
        return new EmulatorOptions(port, database, user, password, initScripts);
    }

    public EmulatorOptions withUser(String user) {
        return new EmulatorOptions(port, database, user, password, initScripts);
    }

    public EmulatorOptions withPassword(String password) {
        return new EmulatorOptions(port, database, user, password, initScripts);
    }

    public EmulatorOptions withInitScript(Path script) {
        List<Path> scripts = new ArrayList<>(initScripts);
        scripts.add(script);
        return new EmulatorOptions(port, database, user, password, scripts);
    }
}
