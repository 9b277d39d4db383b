package dev.mssqlbulk.emulator.sql;

import dev.mssqlbulk.emulator.codec.SqlType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Declared SQL Server types of every table and view column, kept in memory and in EMU_META.COLUMNS (which the
 * INFORMATION_SCHEMA and sys views read).
 */
public final class Catalog {
    public record ColumnMeta(
            String name, SqlType type, boolean identity, boolean computed, boolean nullable, String defaultText) {}

    public record TableMeta(String schema, String name, List<ColumnMeta> columns, boolean view) {
        public ColumnMeta column(String column) {
            for (ColumnMeta c : columns) {
                if (c.name().equalsIgnoreCase(column)) {
                    return c;
                }
            }
            return null;
        }

        public int indexOf(String column) {
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).name().equalsIgnoreCase(column)) {
                    return i;
                }
            }
            return -1;
        }

        public boolean hasIdentityOrComputed() {
            return columns.stream().anyMatch(c -> c.identity() || c.computed());
        }
    }

    private final Map<String, TableMeta> tables = new ConcurrentHashMap<>();
    private final Connection admin;

    Catalog(Connection admin) {
        this.admin = admin;
    }

    static String key(String schema, String name) {
        return (schema == null ? "dbo" : schema).toLowerCase(Locale.ROOT) + "." + name.toLowerCase(Locale.ROOT);
    }

    public TableMeta table(String schema, String name) {
        return tables.get(key(schema, name));
    }

    public synchronized void put(TableMeta meta) throws SQLException {
        remove(meta.schema(), meta.name());
        tables.put(key(meta.schema(), meta.name()), meta);
        String sql =
                "INSERT INTO EMU_META.COLUMNS (TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH,"
                        + " CHARACTER_OCTET_LENGTH, NUMERIC_PRECISION, NUMERIC_PRECISION_RADIX, NUMERIC_SCALE, DATETIME_PRECISION,"
                        + " CHARACTER_SET_NAME, COLLATION_NAME, SYSTEM_TYPE_ID, MAX_LENGTH, TYPE_PRECISION, TYPE_SCALE, IS_IDENTITY,"
                        + " IS_COMPUTED, COLUMN_DEFAULT) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
        try (PreparedStatement ps = admin.prepareStatement(sql)) {
            for (ColumnMeta c : meta.columns()) {
                TypeMapping.Facts f = TypeMapping.facts(c.type());
                ps.setString(1, meta.schema());
                ps.setString(2, meta.name());
                ps.setString(3, c.name());
                ps.setString(4, c.type().name());
                setInt(ps, 5, f.charMaxLength());
                setInt(ps, 6, f.charOctetLength());
                setInt(ps, 7, f.numericPrecision());
                setInt(ps, 8, f.numericRadix());
                setInt(ps, 9, f.numericScale());
                setInt(ps, 10, f.datetimePrecision());
                ps.setString(11, f.characterSet());
                ps.setString(12, f.collation());
                ps.setInt(13, f.systemTypeId());
                ps.setInt(14, f.maxLength());
                ps.setInt(15, f.precision());
                ps.setInt(16, f.scale());
                ps.setBoolean(17, c.identity());
                ps.setBoolean(18, c.computed());
                ps.setString(19, c.defaultText());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public synchronized void remove(String schema, String name) throws SQLException {
        tables.remove(key(schema, name));
        try (PreparedStatement ps =
                admin.prepareStatement("DELETE FROM EMU_META.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, schema == null ? "dbo" : schema);
            ps.setString(2, name);
            ps.executeUpdate();
        }
    }

    private static void setInt(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, v);
        }
    }

    /** DDL of the metadata table and of the INFORMATION_SCHEMA / sys stand-in views. */
    static List<String> setupSql() {
        String internal = "('INFORMATION_SCHEMA','EMU_META','EMU_INFO','EMU_SYS','PUBLIC')";
        String name128 = " AS VARCHAR(128))";
        return List.of(
                "CREATE SCHEMA IF NOT EXISTS dbo",
                "CREATE SCHEMA IF NOT EXISTS EMU_META",
                "CREATE SCHEMA IF NOT EXISTS EMU_INFO",
                "CREATE SCHEMA IF NOT EXISTS EMU_SYS",
                "CREATE ALIAS IF NOT EXISTS EMU_DB_NAME FOR 'dev.mssqlbulk.emulator.sql.H2Functions.dbName'",
                "CREATE ALIAS IF NOT EXISTS EMU_SYSUTCDATETIME FOR 'dev.mssqlbulk.emulator.sql.H2Functions.sysUtcDateTime'",
                "CREATE ALIAS IF NOT EXISTS EMU_SYSDATETIME FOR 'dev.mssqlbulk.emulator.sql.H2Functions.sysDateTime'",
                "CREATE ALIAS IF NOT EXISTS EMU_SYSDATETIMEOFFSET FOR 'dev.mssqlbulk.emulator.sql.H2Functions.sysDateTimeOffset'",
                "CREATE ALIAS IF NOT EXISTS EMU_OBJECT_ID FOR 'dev.mssqlbulk.emulator.sql.H2Functions.objectIdOf'",
                "CREATE ALIAS IF NOT EXISTS EMU_SCHEMA_ID FOR 'dev.mssqlbulk.emulator.sql.H2Functions.schemaId'",
                "CREATE ALIAS IF NOT EXISTS EMU_SERVERPROPERTY FOR 'dev.mssqlbulk.emulator.sql.H2Functions.serverProperty'",
                "CREATE ALIAS IF NOT EXISTS EMU_SCHEMA_NAME FOR 'dev.mssqlbulk.emulator.sql.H2Functions.schemaName'",
                "CREATE ALIAS IF NOT EXISTS EMU_OBJECT_ID_OF FOR 'dev.mssqlbulk.emulator.sql.H2Functions.objectId'",
                "CREATE TABLE IF NOT EXISTS EMU_META.COLUMNS (TABLE_SCHEMA VARCHAR_IGNORECASE(128) NOT NULL,"
                        + " TABLE_NAME VARCHAR_IGNORECASE(128) NOT NULL, COLUMN_NAME VARCHAR_IGNORECASE(128) NOT NULL,"
                        + " DATA_TYPE VARCHAR(128), CHARACTER_MAXIMUM_LENGTH INT, CHARACTER_OCTET_LENGTH INT, NUMERIC_PRECISION TINYINT,"
                        + " NUMERIC_PRECISION_RADIX SMALLINT, NUMERIC_SCALE INT, DATETIME_PRECISION SMALLINT, CHARACTER_SET_NAME VARCHAR(128),"
                        + " COLLATION_NAME VARCHAR(128), SYSTEM_TYPE_ID SMALLINT, MAX_LENGTH SMALLINT, TYPE_PRECISION SMALLINT,"
                        + " TYPE_SCALE SMALLINT, IS_IDENTITY BOOLEAN, IS_COMPUTED BOOLEAN, COLUMN_DEFAULT VARCHAR(4000),"
                        + " PRIMARY KEY (TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME))",
                "CREATE OR REPLACE VIEW EMU_INFO.TABLES AS SELECT CAST(EMU_DB_NAME()" + name128 + " AS TABLE_CATALOG,"
                        + " CAST(TABLE_SCHEMA" + name128 + " AS TABLE_SCHEMA, CAST(TABLE_NAME" + name128
                        + " AS TABLE_NAME,"
                        + " CAST(CASE WHEN TABLE_TYPE = 'VIEW' THEN 'VIEW' ELSE 'BASE TABLE' END AS VARCHAR(10)) AS TABLE_TYPE"
                        + " FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA NOT IN " + internal,
                "CREATE OR REPLACE VIEW EMU_INFO.COLUMNS AS SELECT CAST(EMU_DB_NAME()" + name128 + " AS TABLE_CATALOG,"
                        + " CAST(C.TABLE_SCHEMA" + name128 + " AS TABLE_SCHEMA, CAST(C.TABLE_NAME" + name128
                        + " AS TABLE_NAME,"
                        + " CAST(C.COLUMN_NAME" + name128
                        + " AS COLUMN_NAME, CAST(C.ORDINAL_POSITION AS INT) AS ORDINAL_POSITION,"
                        + " M.COLUMN_DEFAULT, CAST(C.IS_NULLABLE AS VARCHAR(3)) AS IS_NULLABLE, CAST(M.DATA_TYPE"
                        + name128 + " AS DATA_TYPE,"
                        + " M.CHARACTER_MAXIMUM_LENGTH, M.CHARACTER_OCTET_LENGTH, M.NUMERIC_PRECISION, M.NUMERIC_PRECISION_RADIX,"
                        + " M.NUMERIC_SCALE, M.DATETIME_PRECISION, CAST(NULL" + name128 + " AS CHARACTER_SET_CATALOG,"
                        + " CAST(NULL" + name128 + " AS CHARACTER_SET_SCHEMA, CAST(M.CHARACTER_SET_NAME" + name128
                        + " AS CHARACTER_SET_NAME,"
                        + " CAST(NULL" + name128 + " AS COLLATION_CATALOG, CAST(NULL" + name128
                        + " AS COLLATION_SCHEMA,"
                        + " CAST(M.COLLATION_NAME" + name128 + " AS COLLATION_NAME, CAST(NULL" + name128
                        + " AS DOMAIN_CATALOG,"
                        + " CAST(NULL" + name128 + " AS DOMAIN_SCHEMA, CAST(NULL" + name128 + " AS DOMAIN_NAME"
                        + " FROM INFORMATION_SCHEMA.COLUMNS C JOIN EMU_META.COLUMNS M ON M.TABLE_SCHEMA = C.TABLE_SCHEMA"
                        + " AND M.TABLE_NAME = C.TABLE_NAME AND M.COLUMN_NAME = C.COLUMN_NAME",
                "CREATE OR REPLACE VIEW EMU_INFO.TABLE_CONSTRAINTS AS SELECT CAST(EMU_DB_NAME()" + name128
                        + " AS CONSTRAINT_CATALOG,"
                        + " CAST(CONSTRAINT_SCHEMA" + name128 + " AS CONSTRAINT_SCHEMA, CAST(CONSTRAINT_NAME" + name128
                        + " AS CONSTRAINT_NAME,"
                        + " CAST(EMU_DB_NAME()" + name128 + " AS TABLE_CATALOG, CAST(TABLE_SCHEMA" + name128
                        + " AS TABLE_SCHEMA,"
                        + " CAST(TABLE_NAME" + name128
                        + " AS TABLE_NAME, CAST(CONSTRAINT_TYPE AS VARCHAR(11)) AS CONSTRAINT_TYPE,"
                        + " CAST('NO' AS VARCHAR(2)) AS IS_DEFERRABLE, CAST('NO' AS VARCHAR(2)) AS INITIALLY_DEFERRED"
                        + " FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA NOT IN " + internal
                        + " AND CONSTRAINT_NAME NOT LIKE 'EMU\\_%' ESCAPE '\\'",
                "CREATE OR REPLACE VIEW EMU_INFO.KEY_COLUMN_USAGE AS SELECT CAST(EMU_DB_NAME()" + name128
                        + " AS CONSTRAINT_CATALOG,"
                        + " CAST(CONSTRAINT_SCHEMA" + name128 + " AS CONSTRAINT_SCHEMA, CAST(CONSTRAINT_NAME" + name128
                        + " AS CONSTRAINT_NAME,"
                        + " CAST(EMU_DB_NAME()" + name128 + " AS TABLE_CATALOG, CAST(TABLE_SCHEMA" + name128
                        + " AS TABLE_SCHEMA,"
                        + " CAST(TABLE_NAME" + name128 + " AS TABLE_NAME, CAST(COLUMN_NAME" + name128
                        + " AS COLUMN_NAME,"
                        + " CAST(ORDINAL_POSITION AS INT) AS ORDINAL_POSITION"
                        + " FROM INFORMATION_SCHEMA.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA NOT IN " + internal,
                "CREATE OR REPLACE VIEW EMU_INFO.CONSTRAINT_COLUMN_USAGE AS SELECT CAST(EMU_DB_NAME()" + name128
                        + " AS TABLE_CATALOG,"
                        + " CAST(TABLE_SCHEMA" + name128 + " AS TABLE_SCHEMA, CAST(TABLE_NAME" + name128
                        + " AS TABLE_NAME,"
                        + " CAST(COLUMN_NAME" + name128 + " AS COLUMN_NAME, CAST(EMU_DB_NAME()" + name128
                        + " AS CONSTRAINT_CATALOG,"
                        + " CAST(CONSTRAINT_SCHEMA" + name128 + " AS CONSTRAINT_SCHEMA, CAST(CONSTRAINT_NAME" + name128
                        + " AS CONSTRAINT_NAME"
                        + " FROM INFORMATION_SCHEMA.CONSTRAINT_COLUMN_USAGE WHERE TABLE_SCHEMA NOT IN " + internal
                        + " AND CONSTRAINT_NAME NOT LIKE 'EMU\\_%' ESCAPE '\\'",
                "CREATE OR REPLACE VIEW EMU_INFO.REFERENTIAL_CONSTRAINTS AS SELECT CAST(EMU_DB_NAME()" + name128
                        + " AS CONSTRAINT_CATALOG,"
                        + " CAST(CONSTRAINT_SCHEMA" + name128 + " AS CONSTRAINT_SCHEMA, CAST(CONSTRAINT_NAME" + name128
                        + " AS CONSTRAINT_NAME,"
                        + " CAST(EMU_DB_NAME()" + name128 + " AS UNIQUE_CONSTRAINT_CATALOG,"
                        + " CAST(UNIQUE_CONSTRAINT_SCHEMA" + name128 + " AS UNIQUE_CONSTRAINT_SCHEMA,"
                        + " CAST(UNIQUE_CONSTRAINT_NAME" + name128
                        + " AS UNIQUE_CONSTRAINT_NAME, CAST('SIMPLE' AS VARCHAR(7)) AS MATCH_OPTION,"
                        + " CAST(UPDATE_RULE AS VARCHAR(11)) AS UPDATE_RULE, CAST(DELETE_RULE AS VARCHAR(11)) AS DELETE_RULE"
                        + " FROM INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA NOT IN " + internal,
                "CREATE OR REPLACE VIEW EMU_INFO.VIEWS AS SELECT CAST(EMU_DB_NAME()" + name128 + " AS TABLE_CATALOG,"
                        + " CAST(TABLE_SCHEMA" + name128 + " AS TABLE_SCHEMA, CAST(TABLE_NAME" + name128
                        + " AS TABLE_NAME,"
                        + " CAST(VIEW_DEFINITION AS VARCHAR(4000)) AS VIEW_DEFINITION, CAST('NONE' AS VARCHAR(7)) AS CHECK_OPTION,"
                        + " CAST('NO' AS VARCHAR(2)) AS IS_UPDATABLE FROM INFORMATION_SCHEMA.VIEWS WHERE TABLE_SCHEMA NOT IN "
                        + internal,
                "CREATE OR REPLACE VIEW EMU_INFO.SCHEMATA AS SELECT CAST(EMU_DB_NAME()" + name128 + " AS CATALOG_NAME,"
                        + " CAST(SCHEMA_NAME" + name128 + " AS SCHEMA_NAME, CAST('dbo'" + name128 + " AS SCHEMA_OWNER"
                        + " FROM INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME NOT IN " + internal,
                "CREATE OR REPLACE VIEW EMU_SYS.schemas AS SELECT CAST(SCHEMA_NAME" + name128 + " AS name,"
                        + " EMU_SCHEMA_ID(SCHEMA_NAME) AS schema_id, 1 AS principal_id FROM INFORMATION_SCHEMA.SCHEMATA"
                        + " WHERE SCHEMA_NAME NOT IN ('EMU_META','EMU_INFO','EMU_SYS','PUBLIC')",
                "CREATE OR REPLACE VIEW EMU_SYS.objects AS SELECT EMU_OBJECT_ID(TABLE_SCHEMA, TABLE_NAME) AS object_id,"
                        + " CAST(TABLE_NAME" + name128
                        + " AS name, EMU_SCHEMA_ID(TABLE_SCHEMA) AS schema_id, 0 AS parent_object_id,"
                        + " CAST(CASE WHEN TABLE_TYPE = 'VIEW' THEN 'V ' ELSE 'U ' END AS CHAR(2)) AS type,"
                        + " CAST(CASE WHEN TABLE_TYPE = 'VIEW' THEN 'VIEW' ELSE 'USER_TABLE' END AS VARCHAR(60)) AS type_desc,"
                        + " FALSE AS is_ms_shipped FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA NOT IN "
                        + internal,
                "CREATE OR REPLACE VIEW EMU_SYS.tables AS SELECT * FROM EMU_SYS.objects WHERE type = 'U '",
                "CREATE OR REPLACE VIEW EMU_SYS.views AS SELECT * FROM EMU_SYS.objects WHERE type = 'V '",
                "CREATE OR REPLACE VIEW EMU_SYS.columns AS SELECT EMU_OBJECT_ID(C.TABLE_SCHEMA, C.TABLE_NAME) AS object_id,"
                        + " CAST(C.COLUMN_NAME" + name128 + " AS name, CAST(C.ORDINAL_POSITION AS INT) AS column_id,"
                        + " M.SYSTEM_TYPE_ID AS system_type_id, CAST(M.SYSTEM_TYPE_ID AS INT) AS user_type_id,"
                        + " M.MAX_LENGTH AS max_length, M.TYPE_PRECISION AS \"precision\", M.TYPE_SCALE AS scale,"
                        + " C.IS_NULLABLE = 'YES' AS is_nullable, M.IS_IDENTITY AS is_identity, M.IS_COMPUTED AS is_computed,"
                        + " CAST(M.COLLATION_NAME" + name128
                        + " AS collation_name, CAST(NULL AS INT) AS encryption_type"
                        + " FROM INFORMATION_SCHEMA.COLUMNS C JOIN EMU_META.COLUMNS M ON M.TABLE_SCHEMA = C.TABLE_SCHEMA"
                        + " AND M.TABLE_NAME = C.TABLE_NAME AND M.COLUMN_NAME = C.COLUMN_NAME",
                "CREATE OR REPLACE VIEW EMU_SYS.identity_columns AS SELECT * FROM EMU_SYS.columns WHERE is_identity",
                "CREATE OR REPLACE VIEW EMU_SYS.computed_columns AS SELECT * FROM EMU_SYS.columns WHERE is_computed");
    }
}
