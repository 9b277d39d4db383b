package dev.mssqlbulk.emulator.sql;

import dev.mssqlbulk.emulator.codec.ColMetadata;
import dev.mssqlbulk.emulator.codec.ColumnType;
import dev.mssqlbulk.emulator.codec.EnvChangeType;
import dev.mssqlbulk.emulator.codec.SqlType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One client session on its own H2 connection: splits batches, runs each T-SQL statement (translated), keeps the
 * session state (transaction, NOCOUNT, XACT_ABORT, IDENTITY_INSERT, prepared handles) and reports results to a sink.
 * Not thread-safe: a session is driven by one thread.
 */
public final class SqlSession implements AutoCloseable, Rewriter.Context {
  /** Parameter values with their names (lower case, with '@'). */
  public record Params(List<String> names, List<Object> values) {
    public static final Params NONE = new Params(List.of(), List.of());

    Integer index(String name) {
      int i = names.indexOf(name);
      return i >= 0 ? i : null;
    }
  }

  private final Engine engine;
  private final Catalog catalog;
  private final ErrorMapper errors;
  private final Connection conn;
  private final int spid;
  private String database;
  private Params params = Params.NONE;

  private int tranCount;
  private long descriptor;
  private long descriptorCounter;
  private final Map<String, Savepoint> savepoints = new HashMap<>();
  private boolean nocount;
  private boolean xactAbort;
  private final Set<String> identityInsert = new HashSet<>();
  private final Set<TableName> pendingIdentityRestart = new HashSet<>();
  private long lastRowCount;
  private final Map<Integer, String> prepared = new HashMap<>();
  private int nextHandle = 1;
  private final Map<String, PreparedStatement> statementCache = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
      if (size() > 256) {
        closeQuietly(eldest.getValue());
        return true;
      }
      return false;
    }
  };
  private final Map<String, List<List<Token>>> splitCache = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, List<List<Token>>> eldest) {
      return size() > 256;
    }
  };

  public SqlSession(Engine engine, String database, int spid) throws SQLException {
    this.engine = engine;
    this.catalog = engine.catalog();
    this.errors = new ErrorMapper(catalog);
    this.conn = engine.connect();
    this.spid = spid;
    this.database = database;
  }

  // ---- Rewriter.Context
  @Override
  public Integer parameter(String name) {
    return params.index(name);
  }

  @Override
  public String database() {
    return database;
  }

  @Override
  public long rowCount() {
    return lastRowCount;
  }

  @Override
  public int tranCount() {
    return tranCount;
  }

  @Override
  public int spid() {
    return spid;
  }

  public boolean inTransaction() {
    return tranCount > 0;
  }

  // ---- entry points

  /** A SQL batch: each statement is counted by the hook; errors go to the sink; batch-aborting errors stop it. */
  public void executeBatch(String sql, ResultSink sink, StatementHook hook) {
    H2Functions.CURRENT_DATABASE.set(database);
    List<List<Token>> statements = StatementSplitter.split(sql);
    if (statements.isEmpty()) {
      sink.done(false, 0);
      return;
    }
    params = Params.NONE;
    runStatements(statements, sink, hook);
  }

  /** Registers SQL text for sp_prepexec / sp_prepare; returns the handle. */
  public int prepare(String sql) {
    int handle = nextHandle++;
    prepared.put(handle, sql);
    return handle;
  }

  public String preparedSql(int handle) {
    return prepared.get(handle);
  }

  public void unprepare(int handle) {
    prepared.remove(handle);
  }

  /** Runs the statements of an RPC body with parameters; returns the first error (already sent to the sink). */
  public SqlServerError executeRpc(String sql, Params p, ResultSink sink) {
    H2Functions.CURRENT_DATABASE.set(database);
    List<List<Token>> statements = splitCache.computeIfAbsent(sql, StatementSplitter::split);
    params = p;
    try {
      if (statements.isEmpty()) {
        return null;
      }
      return runStatements(statements, sink, StatementHook.NONE);
    } finally {
      params = Params.NONE;
    }
  }

  private SqlServerError runStatements(List<List<Token>> statements, ResultSink sink, StatementHook hook) {
    SqlServerError first = null;
    for (List<Token> statement : statements) {
      hook.before();
      try {
        execute(statement, sink);
        hook.after();
      } catch (SqlServerError e) {
        if (first == null) {
          first = e;
        }
        sink.error(e);
        if (e.number == 1205 || (xactAbort && tranCount > 0)) {
          rollbackAll(sink);
        }
        hook.after();
        if (e.abortsBatch() || xactAbort) {
          break;
        }
      }
    }
    return first;
  }

  /** Runs a script as the admin (executeScript): throws on the first error. */
  public void executeScript(String script, ResultSink sink) throws SqlServerError {
    H2Functions.CURRENT_DATABASE.set(database);
    params = Params.NONE;
    for (String batch : StatementSplitter.splitGo(script)) {
      for (List<Token> statement : StatementSplitter.split(batch)) {
        execute(statement, sink);
      }
    }
  }

  // ---- statement dispatch

  void execute(List<Token> statement, ResultSink sink) throws SqlServerError {
    List<Token> t = Lexer.significant(statement);
    if (t.isEmpty()) {
      return;
    }
    String k0 = t.get(0).keyword();
    String k1 = t.size() > 1 ? t.get(1).keyword() : "";
    try {
      switch (k0) {
        case "BEGIN":
          if (k1.equals("TRAN") || k1.equals("TRANSACTION")) {
            begin(sink);
          } else if (k1.equals("DISTRIBUTED")) {
            begin(sink);
          } else {
            block(t, sink);
          }
          return;
        case "COMMIT":
          commit(sink);
          return;
        case "ROLLBACK":
          rollback(t, sink);
          return;
        case "SAVE":
          save(t, sink);
          return;
        case "SET":
          set(t, sink);
          return;
        case "IF":
          ifStatement(t, sink);
          return;
        case "CREATE":
          create(t, sink);
          return;
        case "DROP":
          drop(t, sink);
          return;
        case "ALTER":
          if (k1.equals("TABLE")) {
            alterTable(t, sink);
            return;
          }
          break;
        case "TRUNCATE": {
          int[] end = new int[1];
          TableName name = TableName.read(t, 2, end);
          update("TRUNCATE TABLE " + name.sql() + " RESTART IDENTITY", new ErrorMapper.Context("TRUNCATE", name, database));
          sink.done(false, 0);
          return;
        }
        case "USE":
          if (t.size() > 1) {
            database = t.get(1).name();
            H2Functions.CURRENT_DATABASE.set(database);
          }
          sink.done(false, 0);
          return;
        case "PRINT": {
          Object v = scalar(t.subList(1, t.size()));
          sink.info(0, v == null ? "" : v.toString());
          sink.done(false, 0);
          return;
        }
        case "THROW":
        case "RAISERROR":
          throw raise(t);
        case "GO":
          return;
        case "DECLARE":
        case "EXEC":
        case "EXECUTE":
        case "WHILE":
          throw SqlServerError.unsupported(k0 + " statements");
        default:
          break;
      }
      general(t, sink);
    } catch (SQLException e) {
      throw errors.map(e, new ErrorMapper.Context(k0, null, database), conn);
    }
  }

  // ---- transactions

  private void begin(ResultSink sink) throws SQLException {
    if (tranCount == 0) {
      conn.setAutoCommit(false);
      descriptor = ++descriptorCounter + ((long) spid << 32);
      sink.transaction(EnvChangeType.BEGIN_TRANSACTION, descriptor);
    }
    tranCount++;
    sink.done(false, 0);
  }

  private void commit(ResultSink sink) throws SQLException, SqlServerError {
    if (tranCount == 0) {
      throw new SqlServerError(3902, 1, 16, "The COMMIT TRANSACTION request has no corresponding BEGIN TRANSACTION.");
    }
    tranCount--;
    if (tranCount == 0) {
      conn.commit();
      conn.setAutoCommit(true);
      savepoints.clear();
      sink.transaction(EnvChangeType.COMMIT_TRANSACTION, descriptor);
      restartPendingIdentities();
    }
    sink.done(false, 0);
  }

  private void rollback(List<Token> t, ResultSink sink) throws SQLException, SqlServerError {
    int i = 1;
    if (i < t.size() && (t.get(i).is("TRAN") || t.get(i).is("TRANSACTION") || t.get(i).is("WORK"))) {
      i++;
    }
    if (i < t.size() && tranCount > 0) {
      String name = t.get(i).name().toLowerCase(Locale.ROOT);
      Savepoint sp = savepoints.get(name);
      if (sp != null) {
        conn.rollback(sp);
        sink.done(false, 0);
        return;
      }
    }
    if (tranCount == 0) {
      throw new SqlServerError(3903, 1, 16, "The ROLLBACK TRANSACTION request has no corresponding BEGIN TRANSACTION.");
    }
    rollbackAll(sink);
    sink.done(false, 0);
  }

  /** Rolls the whole transaction back (ROLLBACK, XACT_ABORT, deadlock, disconnect). */
  public void rollbackAll(ResultSink sink) {
    if (tranCount == 0) {
      return;
    }
    try {
      conn.rollback();
      conn.setAutoCommit(true);
    } catch (SQLException ignored) {
      // connection broken
    }
    tranCount = 0;
    savepoints.clear();
    if (sink != null) {
      sink.transaction(EnvChangeType.ROLLBACK_TRANSACTION, descriptor);
    }
    restartPendingIdentities();
  }

  private void save(List<Token> t, ResultSink sink) throws SQLException, SqlServerError {
    if (tranCount == 0) {
      throw new SqlServerError(628, 0, 16, "Cannot issue SAVE TRANSACTION when there is no active transaction.");
    }
    String name = t.get(t.size() - 1).name();
    savepoints.put(name.toLowerCase(Locale.ROOT), conn.setSavepoint(name));
    sink.done(false, 0);
  }

  // ---- SET options

  private void set(List<Token> t, ResultSink sink) throws SqlServerError, SQLException {
    if (t.size() < 2) {
      throw SqlServerError.syntax("SET");
    }
    Token option = t.get(1);
    if (option.kind() == Token.Kind.VARIABLE) {
      throw new SqlServerError(137, 1, 15, "Must declare the scalar variable \"" + option.text() + "\".");
    }
    String on = t.get(t.size() - 1).keyword();
    switch (option.keyword()) {
      case "NOCOUNT":
        nocount = on.equals("ON");
        break;
      case "XACT_ABORT":
        xactAbort = on.equals("ON");
        break;
      case "IDENTITY_INSERT": {
        TableName name = TableName.read(t, 2, new int[1]);
        Catalog.TableMeta meta = catalog.table(name.schema(), name.name());
        if (meta == null) {
          throw new SqlServerError(208, 1, 16, "Invalid object name '" + name.name() + "'.");
        }
        if (meta.columns().stream().noneMatch(Catalog.ColumnMeta::identity)) {
          throw new SqlServerError(8106, 1, 16, "Table '" + name.display() + "' does not have the identity property. Cannot perform SET operation.");
        }
        String key = Catalog.key(name.schema(), name.name());
        if (on.equals("ON")) {
          identityInsert.add(key);
        } else {
          identityInsert.remove(key);
        }
        break;
      }
      case "TRANSACTION":
        String level = Lexer.render(t.subList(4, t.size())).toUpperCase(Locale.ROOT);
        if (level.contains("SERIALIZABLE")) {
          conn.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
        } else if (level.contains("REPEATABLE")) {
          conn.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        } else if (level.contains("UNCOMMITTED")) {
          conn.setTransactionIsolation(Connection.TRANSACTION_READ_UNCOMMITTED);
        } else {
          conn.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
        break;
      default:
        break; // ANSI_NULLS, QUOTED_IDENTIFIER, ARITHABORT, DATEFORMAT, LOCK_TIMEOUT...: accepted
    }
    sink.done(false, 0);
  }

  // ---- control flow

  private void ifStatement(List<Token> t, ResultSink sink) throws SqlServerError, SQLException {
    int depth = 0;
    int body = -1;
    for (int i = 1; i < t.size(); i++) {
      Token x = t.get(i);
      if (x.isSymbol("(")) {
        depth++;
      } else if (x.isSymbol(")")) {
        depth--;
      } else if (depth == 0 && i > 1 && x.kind() == Token.Kind.WORD && StatementSplitter.STARTERS.contains(x.keyword())) {
        body = i;
        break;
      }
    }
    if (body < 0) {
      throw SqlServerError.syntax(t.get(t.size() - 1).text());
    }
    int elseAt = -1;
    depth = 0;
    int block = 0;
    for (int i = body; i < t.size(); i++) {
      Token x = t.get(i);
      if (x.isSymbol("(")) {
        depth++;
      } else if (x.isSymbol(")")) {
        depth--;
      } else if (depth == 0 && (x.is("BEGIN") && !(i + 1 < t.size() && (t.get(i + 1).is("TRAN") || t.get(i + 1).is("TRANSACTION")))
          || x.is("CASE"))) {
        block++;
      } else if (depth == 0 && x.is("END")) {
        block--;
      } else if (depth == 0 && block == 0 && x.is("ELSE")) {
        elseAt = i;
        break;
      }
    }
    List<Token> condition = new ArrayList<>();
    condition.add(Token.word("CASE"));
    condition.add(Token.word("WHEN"));
    condition.addAll(t.subList(1, body));
    condition.addAll(List.of(Token.word("THEN"), Token.of(Token.Kind.NUMBER, "1"), Token.word("ELSE"),
        Token.of(Token.Kind.NUMBER, "0"), Token.word("END")));
    Object v = scalar(condition);
    boolean yes = v instanceof Number n && n.intValue() == 1;
    List<Token> branch = yes ? t.subList(body, elseAt < 0 ? t.size() : elseAt)
        : elseAt < 0 ? List.of() : t.subList(elseAt + 1, t.size());
    if (branch.isEmpty()) {
      sink.done(false, 0);
      return;
    }
    for (List<Token> s : StatementSplitter.split(new ArrayList<>(branch))) {
      execute(s, sink);
    }
  }

  private void block(List<Token> t, ResultSink sink) throws SqlServerError {
    int end = t.size() - 1;
    if (!t.get(end).is("END")) {
      throw SqlServerError.syntax(t.get(end).text());
    }
    List<List<Token>> inner = StatementSplitter.split(new ArrayList<>(t.subList(1, end)));
    if (inner.isEmpty()) {
      sink.done(false, 0);
    }
    for (List<Token> s : inner) {
      execute(s, sink);
    }
  }

  private SqlServerError raise(List<Token> t) throws SqlServerError {
    List<Token> args = t.get(0).is("RAISERROR") && t.size() > 2 ? t.subList(2, Rewriter.matchParen(t, 1)) : t.subList(1, t.size());
    List<Integer> commas = Rewriter.topLevelCommas(args, 0, args.size());
    if (t.get(0).is("THROW")) {
      if (commas.size() < 2) {
        throw SqlServerError.unsupported("THROW without arguments");
      }
      int number = Integer.parseInt(args.get(0).text());
      Object msg = scalar(args.subList(commas.get(0) + 1, commas.get(1)));
      int state = Integer.parseInt(args.get(commas.get(1) + 1).text());
      return new SqlServerError(number, state, 16, String.valueOf(msg));
    }
    Object msg = scalar(args.subList(0, commas.isEmpty() ? args.size() : commas.get(0)));
    int severity = commas.isEmpty() ? 16 : Integer.parseInt(args.get(commas.get(0) + 1).text());
    return new SqlServerError(50000, 1, severity, String.valueOf(msg));
  }

  /** Evaluates an expression with a SELECT. */
  private Object scalar(List<Token> expression) throws SqlServerError {
    List<Token> q = new ArrayList<>();
    q.add(Token.word("SELECT"));
    q.addAll(expression);
    Rewriter.Result r = Rewriter.rewrite(q, this);
    try {
      PreparedStatement ps = statement(r.sql());
      bind(ps, r.parameters());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getObject(1) : null;
      }
    } catch (SQLException e) {
      throw errors.map(e, new ErrorMapper.Context("SELECT", null, database), conn);
    }
  }

  // ---- DDL

  private void create(List<Token> t, ResultSink sink) throws SqlServerError, SQLException {
    String k1 = t.get(1).keyword();
    switch (k1) {
      case "TABLE":
        createTable(t, sink);
        return;
      case "VIEW":
      case "OR":
        createView(t, sink);
        return;
      case "UNIQUE":
      case "INDEX":
      case "CLUSTERED":
      case "NONCLUSTERED":
        createIndex(t, sink);
        return;
      case "SCHEMA": {
        String name = t.get(2).name();
        update("CREATE SCHEMA " + Rewriter.quote(name), new ErrorMapper.Context("CREATE", null, database));
        sink.done(false, 0);
        return;
      }
      default:
        throw SqlServerError.unsupported("CREATE " + k1);
    }
  }

  private void createTable(List<Token> t, ResultSink sink) throws SqlServerError, SQLException {
    DdlTranslator ddl = new DdlTranslator(this, engine::nextConstraintNumber);
    DdlTranslator.TablePlan plan = ddl.createTable(t);
    ErrorMapper.Context ctx = new ErrorMapper.Context("CREATE", plan.name, database);
    if (catalog.table(plan.name.schema(), plan.name.name()) != null || objectExists(plan.name)) {
      throw new SqlServerError(2714, 6, 16, "There is already an object named '" + plan.name.name() + "' in the database.");
    }
    inferComputedTypes(plan, ctx);
    update(plan.createSql(), ctx);
    for (String s : plan.after) {
      update(s, ctx);
    }
    catalog.put(tableMeta(plan));
    sink.done(false, 0);
  }

  private static Catalog.TableMeta tableMeta(DdlTranslator.TablePlan plan) {
    List<Catalog.ColumnMeta> cols = new ArrayList<>();
    for (DdlTranslator.ColumnDef c : plan.columns) {
      boolean pk = plan.primaryKeyColumns.stream().anyMatch(p -> p.equalsIgnoreCase(c.name));
      cols.add(new Catalog.ColumnMeta(c.name, c.declared, c.identity, c.computedSql != null, c.nullable() && !pk, c.defaultText));
    }
    return new Catalog.TableMeta(plan.name.schema(), plan.name.name(), cols, false);
  }

  private void inferComputedTypes(DdlTranslator.TablePlan plan, ErrorMapper.Context ctx) throws SqlServerError {
    if (plan.columns.stream().noneMatch(c -> c.computedSql != null)) {
      return;
    }
    String tmp = Rewriter.quote("dbo") + "." + Rewriter.quote("EMU_TMP_" + engine.nextConstraintNumber());
    List<String> cols = new ArrayList<>();
    for (DdlTranslator.ColumnDef c : plan.columns) {
      if (c.computedSql == null) {
        cols.add(Rewriter.quote(c.name) + " " + c.h2Type);
      }
    }
    update("CREATE TABLE " + tmp + " (" + String.join(", ", cols) + ")", ctx);
    try {
      for (DdlTranslator.ColumnDef c : plan.columns) {
        if (c.computedSql != null) {
          try (Statement st = conn.createStatement();
               ResultSet rs = st.executeQuery("SELECT (" + c.computedSql + ") FROM " + tmp + " WHERE 1 = 0")) {
            ResultSetMetaData md = rs.getMetaData();
            c.h2Type = TypeMapping.h2TypeSql(md, 1);
            c.declared = TypeMapping.fromH2(md, 1);
          } catch (SQLException e) {
            throw errors.map(e, ctx, conn);
          }
        }
      }
    } finally {
      try {
        update("DROP TABLE " + tmp, ctx);
      } catch (SqlServerError ignored) {
        // best effort
      }
    }
  }

  private boolean objectExists(TableName name) throws SQLException {
    return H2Functions.objectId(conn, name.schema() + "." + name.name(), null) != null;
  }

  private void createView(List<Token> t, ResultSink sink) throws SqlServerError, SQLException {
    List<Token> v = new ArrayList<>(t);
    if (v.get(1).is("OR")) { // CREATE OR ALTER VIEW
      v.subList(1, 3).clear();
    }
    int[] end = new int[1];
    TableName name = TableName.read(v, 2, end);
    int as = end[0];
    while (as < v.size() && !v.get(as).is("AS")) {
      as++;
    }
    if (as >= v.size()) {
      throw SqlServerError.syntax(v.get(v.size() - 1).text());
    }
    List<Token> header = new ArrayList<>(v.subList(end[0], as));
    header.removeIf(x -> x.is("WITH") || x.is("SCHEMABINDING") || x.is("VIEW_METADATA") || x.is("ENCRYPTION"));
    List<Token> body = v.subList(as + 1, v.size());
    Rewriter.Result b = Rewriter.rewrite(body, this);
    String cols = header.isEmpty() ? "" : " " + Rewriter.rewrite(header, this).sql();
    ErrorMapper.Context ctx = new ErrorMapper.Context("CREATE", name, database);
    boolean replace = t.get(1).is("OR");
    if (!replace && objectExists(name)) {
      throw new SqlServerError(2714, 6, 16, "There is already an object named '" + name.name() + "' in the database.");
    }
    update("CREATE " + (replace ? "OR REPLACE " : "") + "VIEW " + name.sql() + cols + " AS " + b.sql(), ctx);
    List<Catalog.ColumnMeta> metas = new ArrayList<>();
    try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + name.sql() + " WHERE 1 = 0")) {
      ResultSetMetaData md = rs.getMetaData();
      List<ColMetadata.Column> described;
      try (Statement st2 = conn.createStatement()) {
        st2.setMaxRows(1);
        try (ResultSet body2 = st2.executeQuery(b.sql())) {
          described = describe(body2.getMetaData());
        } catch (SQLException e) {
          described = describe(md);
        }
      }
      for (int i = 1; i <= md.getColumnCount(); i++) {
        SqlType type = i <= described.size() ? described.get(i - 1).type().sqlType : TypeMapping.fromH2(md, i);
        metas.add(new Catalog.ColumnMeta(md.getColumnName(i), type, false, false,
            md.isNullable(i) != ResultSetMetaData.columnNoNulls, null));
      }
    }
    catalog.put(new Catalog.TableMeta(name.schema(), name.name(), metas, true));
    sink.done(false, 0);
  }

  private void createIndex(List<Token> t, ResultSink sink) throws SqlServerError {
    int i = 1;
    boolean unique = false;
    while (!t.get(i).is("INDEX")) {
      unique |= t.get(i).is("UNIQUE");
      i++;
    }
    String ix = t.get(i + 1).name();
    int[] end = new int[1];
    TableName table = TableName.read(t, i + 3, end);
    int open = end[0];
    int close = Rewriter.matchParen(t, open);
    String sql = "CREATE " + (unique ? "UNIQUE " : "") + "INDEX " + Rewriter.quote(ix) + " ON " + table.sql() + " ("
        + String.join(", ", DdlTranslator.columnList(t, open, close, true)) + ")";
    update(sql, new ErrorMapper.Context("CREATE", table, database));
    sink.done(false, 0);
  }

  private void drop(List<Token> t, ResultSink sink) throws SqlServerError, SQLException {
    String what = t.get(1).keyword();
    int i = 2;
    boolean ifExists = false;
    if (t.size() > 3 && t.get(2).is("IF") && t.get(3).is("EXISTS")) {
      ifExists = true;
      i = 4;
    }
    switch (what) {
      case "TABLE":
      case "VIEW": {
        while (i < t.size()) {
          int[] end = new int[1];
          TableName name = TableName.read(t, i, end);
          i = end[0] + 1; // skip comma
          boolean exists = objectExists(name);
          if (!exists) {
            if (ifExists) {
              continue;
            }
            throw new SqlServerError(3701, 5, 11, "Cannot drop the " + what.toLowerCase(Locale.ROOT) + " '" + name.name()
                + "', because it does not exist or you do not have permission.");
          }
          update("DROP " + what + " " + name.sql(), new ErrorMapper.Context("DROP", name, database));
          catalog.remove(name.schema(), name.name());
          identityInsert.remove(Catalog.key(name.schema(), name.name()));
        }
        sink.done(false, 0);
        return;
      }
      case "INDEX": {
        String ix = t.get(i).name();
        String schema = "dbo";
        if (i + 2 < t.size() && t.get(i + 1).isSymbol(".")) { // DROP INDEX table.ix
          ix = t.get(i + 2).name();
        } else if (i + 2 < t.size() && t.get(i + 1).is("ON")) {
          schema = TableName.read(t, i + 2, new int[1]).schema();
        }
        update("DROP INDEX " + (ifExists ? "IF EXISTS " : "") + Rewriter.quote(schema) + "." + Rewriter.quote(ix),
            new ErrorMapper.Context("DROP", null, database));
        sink.done(false, 0);
        return;
      }
      default:
        Rewriter.Result r = Rewriter.rewrite(t, this);
        update(r.sql(), new ErrorMapper.Context("DROP", null, database));
        sink.done(false, 0);
    }
  }

  private void alterTable(List<Token> t, ResultSink sink) throws SqlServerError, SQLException {
    int[] end = new int[1];
    TableName name = TableName.read(t, 2, end);
    int i = end[0];
    ErrorMapper.Context ctx = new ErrorMapper.Context("ALTER TABLE", name, database);
    Catalog.TableMeta meta = catalog.table(name.schema(), name.name());
    if (meta == null) {
      throw new SqlServerError(4902, 1, 16, "Cannot find the object \"" + name.name()
          + "\" because it does not exist or you do not have permissions.");
    }
    List<Catalog.ColumnMeta> cols = new ArrayList<>(meta.columns());
    DdlTranslator ddl = new DdlTranslator(this, engine::nextConstraintNumber);
    String verb = t.get(i).keyword();
    if (verb.equals("WITH") || verb.equals("CHECK") || verb.equals("NOCHECK")) {
      while (i < t.size() && !t.get(i).is("ADD")) {
        i++;
      }
      verb = "ADD";
    }
    switch (verb) {
      case "ADD": {
        for (List<Token> e : DdlTranslator.elements(t, i + 1, t.size())) {
          if (e.get(0).is("COLUMN")) {
            e = e.subList(1, e.size());
          }
          if (e.size() > 3 && e.get(0).is("CONSTRAINT") && e.get(2).is("DEFAULT")) {
            int forAt = indexOf(e, "FOR");
            String column = e.get(forAt + 1).name();
            String expr = ddl.expression(e.subList(3, forAt));
            update("ALTER TABLE " + name.sql() + " ALTER COLUMN " + Rewriter.quote(column) + " SET DEFAULT " + expr, ctx);
            continue;
          }
          if (DdlTranslator.isTableConstraint(e)) {
            List<String> after = new ArrayList<>();
            String c = ddl.constraint(name, e, after, new ArrayList<>());
            if (c != null) {
              update("ALTER TABLE " + name.sql() + " ADD " + c, ctx);
            }
            for (String s : after) {
              update(s, ctx);
            }
            continue;
          }
          DdlTranslator.TablePlan plan = new DdlTranslator.TablePlan();
          plan.name = name;
          DdlTranslator.ColumnDef c = ddl.column(plan, e);
          if (c.computedSql != null) {
            throw SqlServerError.unsupported("adding computed columns");
          }
          update("ALTER TABLE " + name.sql() + " ADD COLUMN " + c.h2(), ctx);
          for (String s : plan.constraints) {
            update("ALTER TABLE " + name.sql() + " ADD " + s, ctx);
          }
          cols.add(new Catalog.ColumnMeta(c.name, c.declared, c.identity, false, c.nullable(), c.defaultText));
        }
        break;
      }
      case "DROP": {
        i++;
        if (t.get(i).is("COLUMN")) {
          for (List<Token> e : DdlTranslator.elements(t, i + 1, t.size())) {
            String column = e.get(0).name();
            update("ALTER TABLE " + name.sql() + " DROP COLUMN " + Rewriter.quote(column), ctx);
            cols.removeIf(c -> c.name().equalsIgnoreCase(column));
          }
        } else {
          int j = t.get(i).is("CONSTRAINT") ? i + 1 : i;
          update("ALTER TABLE " + name.sql() + " DROP CONSTRAINT " + Rewriter.quote(t.get(j).name()), ctx);
        }
        break;
      }
      case "ALTER": {
        List<Token> e = new ArrayList<>(t.subList(i + 2, t.size()));
        DdlTranslator.TablePlan plan = new DdlTranslator.TablePlan();
        plan.name = name;
        DdlTranslator.ColumnDef c = ddl.column(plan, e);
        update("ALTER TABLE " + name.sql() + " ALTER COLUMN " + Rewriter.quote(c.name) + " SET DATA TYPE " + c.h2Type, ctx);
        update("ALTER TABLE " + name.sql() + " ALTER COLUMN " + Rewriter.quote(c.name)
            + (Boolean.TRUE.equals(c.notNull) ? " SET NOT NULL" : " DROP NOT NULL"), ctx);
        for (int k = 0; k < cols.size(); k++) {
          Catalog.ColumnMeta old = cols.get(k);
          if (old.name().equalsIgnoreCase(c.name)) {
            cols.set(k, new Catalog.ColumnMeta(old.name(), c.declared, old.identity(), false, c.nullable(), old.defaultText()));
          }
        }
        break;
      }
      default:
        throw SqlServerError.unsupported("ALTER TABLE ... " + verb);
    }
    catalog.put(new Catalog.TableMeta(meta.schema(), meta.name(), cols, false));
    sink.done(false, 0);
  }

  private static int indexOf(List<Token> t, String keyword) {
    for (int i = 0; i < t.size(); i++) {
      if (t.get(i).is(keyword)) {
        return i;
      }
    }
    return -1;
  }

  // ---- DML and queries

  private void general(List<Token> t, ResultSink sink) throws SqlServerError {
    String verb = t.get(0).keyword();
    int main = 0;
    if (verb.equals("WITH")) {
      for (int i = 0, depth = 0; i < t.size(); i++) {
        if (t.get(i).isSymbol("(")) {
          depth++;
        } else if (t.get(i).isSymbol(")")) {
          depth--;
        } else if (depth == 0 && Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "MERGE").contains(t.get(i).keyword())) {
          main = i;
          verb = t.get(i).keyword();
          break;
        }
      }
    }
    TableName target = null;
    List<Token> tokens = new ArrayList<>(t);
    switch (verb) {
      case "INSERT":
        target = adjustInsert(tokens, main);
        break;
      case "MERGE":
        target = adjustMerge(tokens, main);
        break;
      case "UPDATE": {
        target = TableName.read(tokens, main + 1, new int[1]);
        break;
      }
      case "DELETE": {
        int i = main + 1;
        if (i < tokens.size() && tokens.get(i).is("TOP")) {
          throw SqlServerError.unsupported("DELETE TOP");
        }
        if (i < tokens.size() && !tokens.get(i).is("FROM")) {
          tokens.add(i, Token.word("FROM"));
        }
        target = TableName.read(tokens, i + 1, new int[1]);
        break;
      }
      case "SELECT":
      case "VALUES":
        break;
      default:
        throw SqlServerError.syntax(t.get(0).text());
    }
    ErrorMapper.Context ctx = new ErrorMapper.Context(verb, target, database);
    Rewriter.Result r = Rewriter.rewrite(tokens, this);
    try {
      PreparedStatement ps = statement(r.sql());
      bind(ps, r.parameters());
      boolean isQuery = ps.execute();
      long count;
      if (isQuery) {
        try (ResultSet rs = ps.getResultSet()) {
          count = streamRows(rs, sink);
        }
      } else {
        count = Math.max(0, ps.getLargeUpdateCount());
      }
      lastRowCount = count;
      if (target != null && identityInsert.contains(Catalog.key(target.schema(), target.name()))) {
        pendingIdentityRestart.add(target);
        if (tranCount == 0) {
          restartPendingIdentities();
        }
      }
      sink.done(!nocount, count);
    } catch (SQLException e) {
      lastRowCount = 0;
      throw errors.map(e, ctx, conn);
    }
  }

  /** INSERT: adds INTO, checks explicit identity values (544) and lists the columns when the table has identity. */
  private TableName adjustInsert(List<Token> t, int at) throws SqlServerError {
    int i = at + 1;
    if (i < t.size() && !t.get(i).is("INTO")) {
      t.add(i, Token.word("INTO"));
    }
    i++;
    int[] end = new int[1];
    TableName name = TableName.read(t, i, end);
    int j = end[0];
    if (j < t.size() && t.get(j).is("WITH") && j + 1 < t.size() && t.get(j + 1).isSymbol("(")) {
      j = Rewriter.matchParen(t, j + 1) + 1;
    }
    Catalog.TableMeta meta = catalog.table(name.schema(), name.name());
    if (meta == null || j >= t.size()) {
      return name;
    }
    boolean on = identityInsert.contains(Catalog.key(name.schema(), name.name()));
    if (t.get(j).isSymbol("(") && !(j + 1 < t.size() && t.get(j + 1).is("SELECT"))) {
      int close = Rewriter.matchParen(t, j);
      checkIdentityColumns(meta, t.subList(j + 1, close), on);
    } else if ((t.get(j).is("VALUES") || t.get(j).is("SELECT") || t.get(j).isSymbol("(")) && meta.hasIdentityOrComputed()) {
      if (on) {
        throw new SqlServerError(8101, 1, 16, "An explicit value for the identity column in table '" + name.name()
            + "' can only be specified when a column list is used and IDENTITY_INSERT is ON.");
      }
      List<Token> list = new ArrayList<>();
      list.add(Token.symbol("("));
      for (Catalog.ColumnMeta c : meta.columns()) {
        if (!c.identity() && !c.computed()) {
          if (list.size() > 1) {
            list.add(Token.symbol(","));
          }
          list.add(new Token(Token.Kind.QUOTED, "[" + c.name() + "]", c.name()));
        }
      }
      list.add(Token.symbol(")"));
      t.addAll(j, list);
    }
    return name;
  }

  private static void checkIdentityColumns(Catalog.TableMeta meta, List<Token> columns, boolean identityInsertOn)
      throws SqlServerError {
    if (identityInsertOn) {
      return;
    }
    for (Token c : columns) {
      if (c.isIdentifier()) {
        Catalog.ColumnMeta col = meta.column(c.name());
        if (col != null && col.identity()) {
          throw new SqlServerError(544, 1, 16, "Cannot insert explicit value for identity column in table '" + meta.name()
              + "' when IDENTITY_INSERT is set to OFF.");
        }
      }
    }
  }

  /** MERGE: identity check of the INSERT column list; drops "BY TARGET". */
  private TableName adjustMerge(List<Token> t, int at) throws SqlServerError {
    int i = at + 1;
    if (i < t.size() && t.get(i).is("INTO")) {
      i++;
    }
    TableName name = TableName.read(t, i, new int[1]);
    Catalog.TableMeta meta = catalog.table(name.schema(), name.name());
    boolean on = identityInsert.contains(Catalog.key(name.schema(), name.name()));
    for (int k = 0; k + 1 < t.size(); k++) {
      if (t.get(k).is("BY") && t.get(k + 1).is("TARGET")) {
        t.subList(k, k + 2).clear();
      }
      if (meta != null && t.get(k).is("INSERT") && t.get(k + 1).isSymbol("(")) {
        int close = Rewriter.matchParen(t, k + 1);
        checkIdentityColumns(meta, t.subList(k + 2, close), on);
      }
    }
    return name;
  }

  private void restartPendingIdentities() {
    if (pendingIdentityRestart.isEmpty()) {
      return;
    }
    for (TableName name : new ArrayList<>(pendingIdentityRestart)) {
      Catalog.TableMeta meta = catalog.table(name.schema(), name.name());
      if (meta == null) {
        continue;
      }
      for (Catalog.ColumnMeta c : meta.columns()) {
        if (c.identity()) {
          try (Statement st = conn.createStatement();
               ResultSet rs = st.executeQuery("SELECT MAX(" + Rewriter.quote(c.name()) + ") FROM " + name.sql())) {
            if (rs.next() && rs.getObject(1) != null) {
              long next = rs.getLong(1) + 1;
              st.execute("ALTER TABLE " + name.sql() + " ALTER COLUMN " + Rewriter.quote(c.name()) + " RESTART WITH " + next);
            }
          } catch (SQLException ignored) {
            // best effort
          }
        }
      }
    }
    pendingIdentityRestart.clear();
  }

  private long streamRows(ResultSet rs, ResultSink sink) throws SQLException {
    List<ColMetadata.Column> columns = describe(rs.getMetaData());
    sink.columns(columns);
    long n = 0;
    Object[] values = new Object[columns.size()];
    while (rs.next()) {
      for (int i = 0; i < values.length; i++) {
        values[i] = value(rs, i + 1, columns.get(i).type().sqlType);
      }
      sink.row(values);
      n++;
    }
    return n;
  }

  private List<ColMetadata.Column> describe(ResultSetMetaData md) throws SQLException {
    List<ColMetadata.Column> out = new ArrayList<>();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      String table = md.getTableName(i);
      String schema = md.getSchemaName(i);
      String column = md.getColumnName(i);
      Catalog.ColumnMeta meta = null;
      if (table != null && !table.isEmpty() && schema != null && !schema.startsWith("EMU_")
          && !schema.equals("INFORMATION_SCHEMA")) {
        Catalog.TableMeta tm = catalog.table(schema, table);
        meta = tm == null ? null : tm.column(column);
      }
      SqlType type = meta != null ? meta.type() : TypeMapping.fromH2(md, i);
      String label = md.getColumnLabel(i);
      if (label != null && label.startsWith(Rewriter.NO_NAME)) {
        label = "";
      }
      boolean nullable = md.isNullable(i) != ResultSetMetaData.columnNoNulls;
      out.add(new ColMetadata.Column(label == null ? "" : label, ColumnType.of(type), nullable,
          meta != null && meta.identity(), meta != null && meta.computed()));
    }
    return out;
  }

  private static Object value(ResultSet rs, int i, SqlType type) throws SQLException {
    Object v;
    switch (type.name()) {
      case "tinyint": case "smallint": case "int":
        v = rs.getInt(i);
        break;
      case "bigint":
        v = rs.getLong(i);
        break;
      case "bit":
        v = rs.getBoolean(i);
        break;
      case "decimal": case "numeric": case "money": case "smallmoney":
        v = rs.getBigDecimal(i);
        break;
      case "float":
        v = rs.getDouble(i);
        break;
      case "real":
        v = rs.getFloat(i);
        break;
      case "date":
        v = rs.getObject(i, LocalDate.class);
        break;
      case "time":
        v = rs.getObject(i, LocalTime.class);
        break;
      case "datetime2": case "datetime": case "smalldatetime":
        v = rs.getObject(i, LocalDateTime.class);
        break;
      case "datetimeoffset":
        v = rs.getObject(i, OffsetDateTime.class);
        break;
      case "uniqueidentifier":
        v = rs.getObject(i, UUID.class);
        break;
      case "varbinary": case "binary": case "image": case "timestamp":
        v = rs.getBytes(i);
        break;
      default:
        v = rs.getString(i);
    }
    return rs.wasNull() ? null : v;
  }

  // ---- JDBC helpers

  private PreparedStatement statement(String sql) throws SQLException {
    PreparedStatement ps = statementCache.get(sql);
    if (ps == null || ps.isClosed()) {
      ps = conn.prepareStatement(sql);
      statementCache.put(sql, ps);
    }
    return ps;
  }

  private void bind(PreparedStatement ps, List<Integer> order) throws SQLException {
    for (int k = 0; k < order.size(); k++) {
      Object v = params.values().get(order.get(k));
      ps.setObject(k + 1, v);
    }
  }

  private void update(String sql, ErrorMapper.Context ctx) throws SqlServerError {
    try (Statement st = conn.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw errors.map(e, ctx, conn);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // ignore
    }
  }

  @Override
  public void close() {
    rollbackAll(null);
    for (PreparedStatement ps : statementCache.values()) {
      closeQuietly(ps);
    }
    statementCache.clear();
    closeQuietly(conn);
  }
}
