package dev.mssqlbulk.emulator;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Faults to inject and counters to observe, changeable at runtime from any thread.
 *
 * <p>A <em>statement</em> is what the counters and the drop faults count, across all connections: each statement of
 * a SQL batch (after splitting; BEGIN TRANSACTION, COMMIT, SET... included) and each RPC request of an RPC message
 * (one sp_prepexec, sp_execute, sp_executesql or sp_prepare each; every tuple of an executeBatch is one). Not counted:
 * PRELOGIN, LOGIN7, sp_unprepare, attention, {@link MssqlEmulator#executeScript(String)}.
 */
public final class Faults {
  private final Countdown dropBefore = new Countdown();
  private final Countdown dropAfter = new Countdown();
  private final Countdown dropBulkLoad = new Countdown();
  private final Countdown dropCommit = new Countdown();
  private boolean dropBulkLoadAfter;
  private Duration replyDelay = Duration.ZERO;
  private boolean refuseLogins;
  private final AtomicLong statements = new AtomicLong();
  private final AtomicLong bulkLoads = new AtomicLong();
  private final AtomicLong logins = new AtomicLong();
  private final AtomicLong failedLogins = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong openConnections = new AtomicLong();

  /**
   * Arms a one-shot drop: counting from now, the n-th statement (n &gt;= 1) is not executed; instead the server closes
   * that client's socket abruptly (TCP reset) without replying, and rolls back its open transaction. Earlier statements
   * of the same batch have run. n = 0 disarms.
   */
  public synchronized Faults dropConnectionAfterStatements(int n) {
    dropBefore.arm(n);
    return this;
  }

  /**
   * Arms a one-shot lost reply: the n-th statement from now executes (and commits when no transaction is open), then
   * the socket is closed abruptly before its reply is sent. n = 0 disarms.
   */
  public synchronized Faults dropConnectionAfterExecuting(int n) {
    dropAfter.arm(n);
    return this;
  }

  /**
   * Arms a one-shot drop at the n-th BulkLoad message (the rows of a bulk copy) from now: before its rows are
   * inserted, or after they are (inside the client's transaction, then lost with it as the socket resets).
   */
  public synchronized Faults dropConnectionAtBulkLoad(int n, boolean afterExecuting) {
    dropBulkLoad.arm(n);
    dropBulkLoadAfter = afterExecuting;
    return this;
  }

  /**
   * Arms a one-shot lost COMMIT reply: the n-th statement holding COMMIT from now (a SQL batch's COMMIT TRANSACTION,
   * mssql-jdbc's {@code IF @@TRANCOUNT > 0 COMMIT TRAN}) commits, then the socket resets before the reply is sent.
   */
  public synchronized Faults dropConnectionAfterCommit(int n) {
    dropCommit.arm(n);
    return this;
  }

  /** Sleeps this long before sending each reply to a SQL batch, RPC or attention (not to logins). */
  public synchronized Faults delayReplies(Duration delay) {
    replyDelay = delay == null || delay.isNegative() ? Duration.ZERO : delay;
    return this;
  }

  /** While true every login is answered with ERROR 18456 and the connection is closed. */
  public synchronized Faults refuseLogins(boolean refuse) {
    refuseLogins = refuse;
    return this;
  }

  /** Disarms every fault (counters are kept). */
  public synchronized Faults reset() {
    dropBefore.arm(0);
    dropAfter.arm(0);
    dropBulkLoad.arm(0);
    dropCommit.arm(0);
    replyDelay = Duration.ZERO;
    refuseLogins = false;
    return this;
  }

  /** Statements executed (successful or failed), all connections. */
  public long statementsExecuted() {
    return statements.get();
  }

  /** BulkLoad messages executed (successful or failed), all connections. */
  public long bulkLoadsExecuted() {
    return bulkLoads.get();
  }

  /** Successful logins. */
  public long logins() {
    return logins.get();
  }

  /** Refused logins (bad credentials or refuseLogins). */
  public long failedLogins() {
    return failedLogins.get();
  }

  /** Connections closed by a drop fault. */
  public long droppedConnections() {
    return dropped.get();
  }

  /** Client connections currently open. */
  public long openConnections() {
    return openConnections.get();
  }

  synchronized boolean takeDropBefore() {
    return fired(dropBefore);
  }

  synchronized boolean takeDropAfter() {
    return fired(dropAfter);
  }

  /** Whether to drop the connection at this BulkLoad message, asked once before and once after executing it. */
  synchronized boolean takeBulkLoadDrop(boolean afterExecuting) {
    return afterExecuting == dropBulkLoadAfter && fired(dropBulkLoad);
  }

  synchronized boolean takeCommitDrop() {
    return fired(dropCommit);
  }

  private boolean fired(Countdown fault) {
    if (fault.fires()) {
      dropped.incrementAndGet();
      return true;
    }
    return false;
  }

  void bulkLoadExecuted() {
    bulkLoads.incrementAndGet();
  }

  synchronized Duration replyDelay() {
    return replyDelay;
  }

  synchronized boolean refusingLogins() {
    return refuseLogins;
  }

  void statementExecuted() {
    statements.incrementAndGet();
  }

  void login(boolean ok) {
    (ok ? logins : failedLogins).incrementAndGet();
  }

  void connectionOpened() {
    openConnections.incrementAndGet();
  }

  void connectionClosed() {
    openConnections.decrementAndGet();
  }

  /** A one-shot fault that fires at the n-th event from when it is armed; armed with 0 it never fires. */
  private static final class Countdown {
    private int remaining;

    void arm(int n) {
      remaining = Math.max(0, n);
    }

    boolean fires() {
      return remaining > 0 && --remaining == 0;
    }
  }
}
