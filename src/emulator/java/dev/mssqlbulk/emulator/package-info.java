/**
 * Test-scope SQL Server emulator: a TDS 7.4 server (plaintext, no TLS) in front of an embedded H2 database in
 * MSSQLServer mode, so the real Vert.x MSSQL client and Microsoft's JDBC driver (mssql-jdbc, including
 * SQLServerBulkCopy) talk the real wire protocol in tests.
 *
 * <p>Entry points: {@link dev.mssqlbulk.emulator.MssqlEmulator} (start/port/url/faults/executeScript/close),
 * {@link dev.mssqlbulk.emulator.EmulatorOptions}, {@link dev.mssqlbulk.emulator.EmulatorMain},
 * {@link dev.mssqlbulk.testing.MssqlTestResource} (Quarkus tests), {@link dev.mssqlbulk.testing.TestServer} (plain
 * JUnit tests), {@link dev.mssqlbulk.emulator.Faults} (drops, delays, stalls, holds at named phases: faults of the
 * connection) and {@link dev.mssqlbulk.emulator.sql.ServerQuirks} ({@code emulator.quirks()}: where another TDS server,
 * Babelfish, answers differently from SQL Server; all off by default). {@code -Demulator.trace=true} dumps every message
 * in and out.
 *
 * <p>Layout: {@code codec} holds the wire format (packet framer, one class per message and token, named constants);
 * {@code sql} translates and runs T-SQL on H2 (lexer, statement splitter, rewriter, DDL translator, catalog of declared
 * types with INFORMATION_SCHEMA and sys stand-ins, error mapping to SQL Server numbers), with {@code SqlSession}
 * routing each statement to the class that runs it (transactions, SET options, IF / BEGIN..END, CREATE, ALTER TABLE,
 * DROP, DML and queries, INSERT BULK); the root package holds the server, its sessions and the test helpers.
 *
 * <p>mssql-jdbc (13.2.1, {@code encrypt=false}): PRELOGIN is answered ENCRYPT_NOT_SUP; a client that requires
 * encryption (ENCRYPT_ON/REQ, or a TLS ClientHello of {@code encrypt=strict}) cannot be served and its connection ends.
 * LOGIN7 feature extensions are skipped and never acknowledged (no FEATUREEXTACK: no session recovery, no column
 * encryption, no UTF-8 or JSON/vector support negotiated). Auto-commit off is {@code set implicit_transactions on}: the
 * first DML, DDL, TRUNCATE or SELECT ... FROM opens the transaction (ENVCHANGE begin) until {@code IF @@TRANCOUNT > 0
 * COMMIT TRAN} / {@code ROLLBACK TRAN}; BEGIN TRAN then nests to 2, as in SQL Server. Prepared statements arrive as
 * sp_executesql, sp_prepexec, sp_execute (unnamed parameters, named by the prepared definitions) and sp_unprepare;
 * DONE tokens carry CurCmd, which the driver needs to report update counts. The driver sends no TRANSACTION_MANAGER
 * (0x0E) requests for this; they are answered with error 4002.
 *
 * <p>Bulk copy: the batch {@code sp_executesql N'SET FMTONLY ON SELECT * FROM t '} returns the table's COLMETADATA
 * (declared types, nullability, identity and computed flags); {@code sys.columns} has collation_name, is_computed and
 * encryption_type (NULL); {@code INSERT BULK t ([c] TYPE [COLLATE x] , ...) with (...)} is checked (208, 207) and
 * answered DONE; the BulkLoadBCP message (packet 0x07: COLMETADATA, ROW/NBCROW, DONE; PLP chunks for (max) values) is
 * inserted all or nothing in the session's transaction (its own when none is open) and answered DONE(COUNT). KEEP_NULLS
 * keeps NULLs (without it a NULL takes the column default); unlisted columns get defaults, identity or computed values;
 * identity values are only taken with KEEP_IDENTITY; key, unique-index, NOT NULL and CHECK violations fail the load
 * with 2627, 2601, 515 and 547; a character or binary value longer than its column fails it with 4815. INSERT BULK and
 * the bulk load each count as one statement for {@link dev.mssqlbulk.emulator.Faults}; a dropped session rolls its
 * transaction back.
 *
 * <p>Not supported: TLS, MARS, cursors (sp_cursor*), DECLARE/variables, WHILE, stored procedures, triggers
 * (FIRE_TRIGGERS is accepted, there are none to fire), temp tables (#t), OUTPUT clauses, UPDATE/DELETE ... FROM joins,
 * XML/UDT/sql_variant columns, transactional DDL (H2 commits an open transaction on DDL), column encryption, DTC/XA
 * (TRANSACTION_MANAGER requests), sp_executesql with parameters inside a SQL batch. Bulk load: CHECK constraints are
 * checked even without CHECK_CONSTRAINTS (SQL Server would skip them and mark them untrusted); TABLOCK, ORDER and
 * ROWS_PER_BATCH are accepted and ignored; an ATTENTION that follows a bulk load does not undo it (the driver only sends
 * one after failing itself, before or while writing rows); conversions between a stream type and a different column
 * type are H2's.
 */
package dev.mssqlbulk.emulator;
