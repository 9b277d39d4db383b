/**
 * Test-scope SQL Server emulator: a TDS 7.4 server (plaintext, no TLS) in front of an embedded H2 database in
 * MSSQLServer mode, so the real Vert.x MSSQL client talks the real wire protocol in tests.
 *
 * <p>Entry points: {@link dev.mssqlbulk.emulator.MssqlEmulator} (start/port/url/faults/executeScript/close),
 * {@link dev.mssqlbulk.emulator.EmulatorOptions}, {@link dev.mssqlbulk.emulator.EmulatorMain},
 * {@link dev.mssqlbulk.emulator.MssqlTestResource} (Quarkus tests), {@link dev.mssqlbulk.emulator.TestServer} (plain
 * JUnit tests), {@link dev.mssqlbulk.emulator.Faults}.
 *
 * <p>Layout: {@code codec} holds the wire format (packet framer, one class per message and token, named constants);
 * {@code sql} translates and runs T-SQL on H2 (lexer, statement splitter, rewriter, DDL translator, catalog of declared
 * types with INFORMATION_SCHEMA and sys stand-ins, error mapping to SQL Server numbers), with {@code SqlSession}
 * routing each statement to the class that runs it (transactions, SET options, IF / BEGIN..END, CREATE, ALTER TABLE,
 * DROP, DML and queries); the root package holds the server, its sessions and the test helpers.
 *
 * <p>Not supported: TLS, MARS, cursors (sp_cursor*), bulk load, DECLARE/variables, WHILE, stored procedures,
 * triggers, temp tables (#t), OUTPUT clauses, UPDATE/DELETE ... FROM joins, XML/UDT/sql_variant columns, transactional
 * DDL (H2 commits an open transaction on DDL).
 */
package dev.mssqlbulk.emulator;
