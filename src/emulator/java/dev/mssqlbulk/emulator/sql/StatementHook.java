package dev.mssqlbulk.emulator.sql;

/** Called around each counted statement (fault injection and counters). */
public interface StatementHook {
    StatementHook NONE = new StatementHook() {
        @Override
        public void before() {}

        @Override
        public void after() {}
    };

    /** Before a statement runs; may throw {@link ConnectionDropped}. */
    void before();

    /** After it ran (committed when in autocommit), before its reply is sent; may throw {@link ConnectionDropped}. */
    void after();

    /**
     * Just before one statement executes (after {@link #before()}), with its tokens and whether it runs inside a
     * transaction; may block (holds, stalls) or throw {@link ConnectionDropped}. Statements inside RPCs included.
     */
    default void executing(java.util.List<Token> statement, boolean inTransaction) {}

    /** The hook without its counting ({@link #before()}, {@link #after()}): for statements counted by their RPC call. */
    static StatementHook uncounted(StatementHook hook) {
        if (hook == NONE) {
            return NONE;
        }
        return new StatementHook() {
            @Override
            public void before() {}

            @Override
            public void after() {}

            @Override
            public void executing(java.util.List<Token> statement, boolean inTransaction) {
                hook.executing(statement, inTransaction);
            }

            @Override
            public void afterCommit() {
                hook.afterCommit();
            }
        };
    }

    /** After a statement holding COMMIT ran (and {@link #after} was called), before its reply is sent. */
    default void afterCommit() {}

    /** Thrown to make the server close the client's socket without replying. */
    final class ConnectionDropped extends RuntimeException {
        public ConnectionDropped(String why) {
            super(why, null, false, false);
        }
    }
}
