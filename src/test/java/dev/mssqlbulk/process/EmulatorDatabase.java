package dev.mssqlbulk.process;

import com.microsoft.sqlserver.jdbc.SQLServerDriver;
import dev.mssqlbulk.emulator.MssqlEmulator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Reads the emulator's database through mssql-jdbc, to check what the service processes really wrote. */
public final class EmulatorDatabase {
    private final MssqlEmulator emulator;

    public EmulatorDatabase(MssqlEmulator emulator) {
        this.emulator = emulator;
    }

    /** The first column of the first row, as a long (NULL: -1). */
    public long scalar(String sql) throws SQLException {
        try (Connection c = connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                return -1;
            }
            long value = rs.getLong(1);
            return rs.wasNull() ? -1 : value;
        }
    }

    /** The first column of the first row as text; null when there is no row or it is NULL. */
    public String string(String sql) throws SQLException {
        try (Connection c = connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** The first two columns of every row as text, the first as the key. */
    public Map<String, String> pairs(String sql) throws SQLException {
        Map<String, String> pairs = new LinkedHashMap<>();
        try (Connection c = connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                pairs.put(rs.getString(1), rs.getString(2));
            }
        }
        return pairs;
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", emulator.options().user());
        p.setProperty("password", emulator.options().password());
        String url = "jdbc:sqlserver://127.0.0.1:" + emulator.port() + ";databaseName="
                + emulator.options().database() + ";encrypt=false";
        return new SQLServerDriver().connect(url, p);
    }
}
