package dev.mssqlbulk.emulator;

import java.nio.file.Path;

/**
 * Runs the emulator standalone: {@code --port N --user U --password P --database D --init file.sql} (--init may
 * repeat). Prints "MSSQL emulator listening on 127.0.0.1:PORT" and runs until killed.
 */
public final class EmulatorMain {
    private EmulatorMain() {}

    public static void main(String[] args) throws InterruptedException {
        EmulatorOptions o = EmulatorOptions.defaults();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--port" -> o = o.withPort(Integer.parseInt(v));
                case "--user" -> o = o.withUser(v);
                case "--password" -> o = o.withPassword(v);
                case "--database" -> o = o.withDatabase(v);
                case "--init" -> o = o.withInitScript(Path.of(v));
                default -> {
                    System.err.println("unknown option " + a
                            + "; usage: --port N --user U --password P --database D --init file.sql (repeatable)");
                    System.exit(2);
                }
            }
            i++;
        }
        MssqlEmulator emulator = MssqlEmulator.start(o);
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
        System.out.println("MSSQL emulator listening on 127.0.0.1:" + emulator.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
