package dev.mssqlbulk.emulator.sql;

/** Called around each counted statement (fault injection and counters). */
public interface StatementHook {
  StatementHook NONE = new StatementHook() {
    @Override
    public void before() {
    }

    @Override
    public void after() {
    }
  };

  /** Before a statement runs; may throw {@link ConnectionDropped}. */
  void before();

  /** After it ran (committed when in autocommit), before its reply is sent; may throw {@link ConnectionDropped}. */
  void after();

  /** After a statement holding COMMIT ran (and {@link #after} was called), before its reply is sent. */
  default void afterCommit() {
  }

  /** Thrown to make the server close the client's socket without replying. */
  final class ConnectionDropped extends RuntimeException {
    public ConnectionDropped(String why) {
      super(why, null, false, false);
    }
  }
}
