package dev.mssqlbulk.emulator;

import dev.mssqlbulk.emulator.codec.ColMetadata;
import dev.mssqlbulk.emulator.sql.Engine;
import dev.mssqlbulk.emulator.sql.ResultSink;
import dev.mssqlbulk.emulator.sql.ServerQuirks;
import dev.mssqlbulk.emulator.sql.SqlServerError;
import dev.mssqlbulk.emulator.sql.SqlSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small SQL Server look-alike for tests: speaks TDS 7.4 (plaintext) on 127.0.0.1 and runs T-SQL, translated, on an
 * embedded H2 database in MSSQLServer mode. One thread per connection, each with its own H2 connection.
 */
public final class MssqlEmulator implements AutoCloseable {
    private final EmulatorOptions options;
    private final Engine engine;
    private final ServerSocket server;
    private final Faults faults = new Faults();
    private final ExecutorService pool;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger spids = new AtomicInteger(50);
    private final Thread acceptor;
    private SqlSession admin;
    private volatile boolean closed;

    private MssqlEmulator(EmulatorOptions options) throws IOException, SQLException {
        this.options = options;
        this.engine = new Engine(options.database());
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 200);
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "mssql-emulator-" + port() + "-conn-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::accept, "mssql-emulator-" + port() + "-accept");
        acceptor.setDaemon(true);
    }

    /** Starts an emulator: binds 127.0.0.1 (port 0 = a free port), runs the init scripts, accepts connections. */
    public static MssqlEmulator start(EmulatorOptions options) {
        MssqlEmulator emulator;
        try {
            emulator = new MssqlEmulator(options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        try {
            for (Path script : options.initScripts()) {
                emulator.executeScript(Files.readString(script, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            emulator.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            emulator.close();
            throw e;
        }
        emulator.acceptor.start();
        return emulator;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** "sqlserver://127.0.0.1:PORT/DATABASE". */
    public String url() {
        return "sqlserver://127.0.0.1:" + port() + "/" + options.database();
    }

    public EmulatorOptions options() {
        return options;
    }

    public Faults faults() {
        return faults;
    }

    /** How this server differs from SQL Server (Babelfish's ways, each off by default); see {@link ServerQuirks}. */
    public ServerQuirks quirks() {
        return engine.quirks();
    }

    /**
     * Runs a T-SQL script as the admin through the same translation as clients: statements separated by ';', new
     * statements or lines holding only GO. Throws IllegalStateException with SQL Server's error text on the first error.
     */
    public synchronized void executeScript(String tsql) {
        try {
            if (admin == null) {
                admin = new SqlSession(engine, options.database(), 1);
            }
            admin.executeScript(tsql, DISCARD);
        } catch (SqlServerError e) {
            throw new IllegalStateException(e.toString(), e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                TdsSession session = new TdsSession(s, engine, options, faults, spids.incrementAndGet());
                pool.execute(() -> {
                    try {
                        session.run();
                    } finally {
                        sockets.remove(s);
                    }
                });
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        faults.releaseAll();
        try {
            server.close();
        } catch (IOException ignored) {
            // closed
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closed
            }
        }
        pool.shutdown();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (admin != null) {
                admin.close();
            }
        }
        engine.close();
    }

    private static final ResultSink DISCARD = new ResultSink() {
        @Override
        public void columns(List<ColMetadata.Column> columns) {}

        @Override
        public void row(Object[] values) {}

        @Override
        public void done(boolean hasCount, long rows) {}

        @Override
        public void error(SqlServerError error) {}

        @Override
        public void info(int number, String message) {}

        @Override
        public void transaction(int envChangeType, long descriptor) {}
    };
}
