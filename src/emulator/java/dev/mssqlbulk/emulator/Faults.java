package dev.mssqlbulk.emulator;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Faults to inject and counters to observe, changeable at runtime from any thread.
 *
 * <p>A <em>statement</em> is what the counters and the drop faults count, across all connections: each statement of
 * a SQL batch (after splitting; BEGIN TRANSACTION, COMMIT, SET... included) and each RPC request of an RPC message
 * (one sp_prepexec, sp_execute, sp_executesql or sp_prepare each; every tuple of an executeBatch is one). Not counted:
 * PRELOGIN, LOGIN7, sp_unprepare, attention, {@link MssqlEmulator#executeScript(String)}.
 *
 * <p>Besides drops (the server closes the socket), two faults stop a connection's thread: a stall (a half-open
 * connection: the server never answers and never closes, until {@link #reset()} or the emulator closes; for timeout
 * tests) and a hold ({@link #holdAt}: a pause at a named phase until the test releases it, so that the test can kill
 * the client exactly there). How the server differs from SQL Server is not a fault: see {@code emulator.quirks()}.
 */
public final class Faults {
    /** Where {@link #holdAt} stops a connection's thread. */
    public enum Phase {
        /** A BulkLoad message received, its rows not inserted yet. */
        BULK_LOAD_BEFORE_ROWS,
        /** A BulkLoad message's rows inserted (inside the client's transaction, if one is open), the reply not sent. */
        BULK_LOAD_AFTER_ROWS,
        /**
         * An UPDATE of the table {@code mssql_bulk_job} that runs inside a transaction (open, or opened by this UPDATE under
         * IMPLICIT_TRANSACTIONS ON): a job's checkpoint, not the lease renewals and status writes made in auto-commit.
         * Held before it executes.
         */
        CHECKPOINT,
        /** A COMMIT received inside a transaction, not executed. */
        COMMIT_BEFORE,
        /** A COMMIT executed (durable), its reply not sent. */
        COMMIT_AFTER
    }

    /**
     * A one-shot pause armed by {@link #holdAt}. While a connection is held, the rest of the server runs on. When released,
     * the connection goes on as SQL Server would: if its client has gone meanwhile (killed), the session ends there and
     * its open transaction rolls back (what already committed stays); otherwise it continues normally.
     */
    public static final class Hold {
        private final Phase phase;
        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile int spid;

        private Hold(Phase phase) {
            this.phase = phase;
        }

        public Phase phase() {
            return phase;
        }

        /** Waits until a connection is held here; false after the timeout. */
        public boolean awaitHeld(Duration timeout) throws InterruptedException {
            return held.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        public boolean isHeld() {
            return held.getCount() == 0 && released.getCount() > 0;
        }

        /** The session id (SPID) of the held connection, 0 before. */
        public int spid() {
            return spid;
        }

        /** Lets the held connection go on (and disarms the hold if it has not fired yet). Idempotent. */
        public void release() {
            released.countDown();
        }

        void block(int spid) {
            this.spid = spid;
            held.countDown();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private final Map<Phase, Countdown> holdCountdowns = new EnumMap<>(Phase.class);
    private final Map<Phase, Hold> holds = new EnumMap<>(Phase.class);
    private final Countdown stallStatement = new Countdown();
    private final Countdown stallBulkLoad = new Countdown();
    private CountDownLatch stallReleased = new CountDownLatch(1);
    private final AtomicLong stalls = new AtomicLong();
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

    /**
     * Arms a one-shot half-open connection: the n-th statement from now (counted as the drop faults count) is received,
     * then the server neither answers nor closes the socket until {@link #reset()}, the emulator closes, or the client
     * closes its end (a client that gave up); then it ends the session without executing the statement (an open
     * transaction rolls back, releasing its locks). n = 0 disarms.
     */
    public synchronized Faults stallAtStatement(int n) {
        stallStatement.arm(n);
        return this;
    }

    /** As {@link #stallAtStatement(int)}, at the n-th BulkLoad message from now, before its rows are inserted. */
    public synchronized Faults stallAtBulkLoad(int n) {
        stallBulkLoad.arm(n);
        return this;
    }

    /** Connections stalled so far (each stays silent until {@link #reset()}). */
    public long stalledConnections() {
        return stalls.get();
    }

    /**
     * Arms a one-shot hold: the connection that reaches {@code phase} for the n-th time from now (n &gt;= 1, all
     * connections counted) stops there until {@link Hold#release()}, {@link #reset()} or the emulator closes. Arming a
     * phase again replaces its earlier hold (releasing it).
     */
    public synchronized Hold holdAt(Phase phase, int n) {
        Hold previous = holds.remove(phase);
        if (previous != null) {
            previous.release();
        }
        Hold hold = new Hold(phase);
        Countdown countdown = new Countdown();
        countdown.arm(n);
        holds.put(phase, hold);
        holdCountdowns.put(phase, countdown);
        return hold;
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

    /** Disarms every fault and lets held and stalled connections go (counters are kept). */
    public synchronized Faults reset() {
        releaseAll();
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

    /** Releases every hold and stall (reset, emulator close). */
    synchronized void releaseAll() {
        holds.values().forEach(Hold::release);
        holds.clear();
        holdCountdowns.clear();
        stallStatement.arm(0);
        stallBulkLoad.arm(0);
        stallReleased.countDown();
        stallReleased = new CountDownLatch(1);
    }

    /** The hold that fires at this occurrence of the phase, or null. */
    synchronized Hold takeHold(Phase phase) {
        Countdown countdown = holdCountdowns.get(phase);
        if (countdown == null || !countdown.fires()) {
            return null;
        }
        holdCountdowns.remove(phase);
        return holds.remove(phase);
    }

    /** If a stall fires at this statement (or BulkLoad message), blocks until released and returns true. */
    /**
     * Stalls here when armed: silent until {@link #reset()}, or until the client closes its end ({@code clientGone}
     * is asked a few times a second), which ends the session and rolls its transaction back as SQL Server does when it
     * finds its client gone; locks the stalled session holds stay held until then.
     */
    boolean stall(boolean bulkLoad, java.util.function.BooleanSupplier clientGone) {
        CountDownLatch latch;
        synchronized (this) {
            if (!(bulkLoad ? stallBulkLoad : stallStatement).fires()) {
                return false;
            }
            latch = stallReleased;
        }
        stalls.incrementAndGet();
        try {
            while (!latch.await(50, java.util.concurrent.TimeUnit.MILLISECONDS) && !clientGone.getAsBoolean()) {
                // silent
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
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
