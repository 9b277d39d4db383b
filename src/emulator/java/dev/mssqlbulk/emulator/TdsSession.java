package dev.mssqlbulk.emulator;

import dev.mssqlbulk.emulator.codec.BulkLoad;
import dev.mssqlbulk.emulator.codec.ColumnType;
import dev.mssqlbulk.emulator.codec.Done;
import dev.mssqlbulk.emulator.codec.DoneStatus;
import dev.mssqlbulk.emulator.codec.EnvChange;
import dev.mssqlbulk.emulator.codec.EnvChangeType;
import dev.mssqlbulk.emulator.codec.ErrorToken;
import dev.mssqlbulk.emulator.codec.Login7;
import dev.mssqlbulk.emulator.codec.LoginAck;
import dev.mssqlbulk.emulator.codec.PacketType;
import dev.mssqlbulk.emulator.codec.PreLogin;
import dev.mssqlbulk.emulator.codec.ProcId;
import dev.mssqlbulk.emulator.codec.ReturnStatus;
import dev.mssqlbulk.emulator.codec.ReturnValue;
import dev.mssqlbulk.emulator.codec.RpcRequest;
import dev.mssqlbulk.emulator.codec.SqlBatch;
import dev.mssqlbulk.emulator.codec.TdsFramer;
import dev.mssqlbulk.emulator.codec.TokenType;
import dev.mssqlbulk.emulator.sql.Engine;
import dev.mssqlbulk.emulator.sql.Params;
import dev.mssqlbulk.emulator.sql.ServerQuirks;
import dev.mssqlbulk.emulator.sql.SqlServerError;
import dev.mssqlbulk.emulator.sql.SqlSession;
import dev.mssqlbulk.emulator.sql.StatementHook;
import dev.mssqlbulk.emulator.sql.Token;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** One client connection: PRELOGIN, LOGIN7, then SQL batches, RPCs and attentions until the client leaves. */
final class TdsSession implements Runnable {
    private static final Logger LOG = Logger.getLogger(TdsSession.class.getName());

    /** -Demulator.trace=true prints every message in and out (hex) on stderr. */
    private static final boolean TRACE = Boolean.getBoolean("emulator.trace");

    private final Socket socket;
    private final Engine engine;
    private final EmulatorOptions options;
    private final Faults faults;
    private final int spid;
    private final ServerQuirks quirks;
    private BufferedInputStream in;
    private TdsFramer framer;
    private SqlSession session;
    /** A BulkLoad message failed on this connection (ServerQuirks.poisonAfterFailedBulkLoad). */
    private boolean bulkLoadFailed;
    /** Close the connection once the current reply is sent. */
    private boolean closeAfterReply;

    TdsSession(Socket socket, Engine engine, EmulatorOptions options, Faults faults, int spid) {
        this.socket = socket;
        this.engine = engine;
        this.options = options;
        this.faults = faults;
        this.spid = spid;
        this.quirks = engine.quirks();
    }

    @Override
    public void run() {
        faults.connectionOpened();
        try {
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream(), 65536);
            framer = new TdsFramer(in, new BufferedOutputStream(socket.getOutputStream(), 65536));
            framer.spid(spid);
            if (!login()) {
                return;
            }
            TdsFramer.Message m;
            while (!closeAfterReply && (m = framer.read()) != null) {
                trace("<< type 0x" + Integer.toHexString(m.type()), m.payload());
                switch (m.type()) {
                    case PacketType.SQL_BATCH -> reply(sqlBatch(m.payload()));
                    case PacketType.RPC -> reply(rpc(m.payload()));
                    case PacketType.BULK_LOAD -> reply(bulkLoad(m.payload()));
                    case PacketType.ATTENTION -> {
                        ByteBuf buf = Unpooled.buffer();
                        Done.write(buf, TokenType.DONE, DoneStatus.DONE_ATTN, 0, 0);
                        reply(buf);
                    }
                    default -> {
                        ByteBuf buf = Unpooled.buffer();
                        ErrorToken.writeError(
                                buf,
                                4002,
                                1,
                                20,
                                "The incoming tabular data stream (TDS) protocol stream is incorrect.",
                                TokenSink.SERVER_NAME,
                                1);
                        Done.write(buf, TokenType.DONE, DoneStatus.DONE_ERROR, 0, 0);
                        reply(buf);
                    }
                }
            }
        } catch (StatementHook.ConnectionDropped dropped) {
            abort();
        } catch (IOException | RuntimeException e) {
            if (!(e instanceof IOException)) {
                LOG.log(Level.WARNING, "emulator session " + spid + " failed", e);
            }
        } finally {
            if (session != null) {
                session.close();
            }
            try {
                socket.close();
            } catch (IOException ignored) {
                // closed
            }
            faults.connectionClosed();
        }
    }

    private void abort() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException ignored) {
            // closed
        }
    }

    private boolean login() throws IOException {
        TdsFramer.Message m = framer.read();
        if (m == null) {
            return false;
        }
        if (m.type() == PacketType.PRELOGIN) {
            PreLogin preLogin = PreLogin.parse(m.payload());
            framer.write(PreLogin.response(spid));
            if (preLogin.clientEncryption == PreLogin.ENCRYPT_ON || preLogin.clientEncryption == PreLogin.ENCRYPT_REQ) {
                return false; // the client requires TLS, which the emulator cannot serve: ENCRYPT_NOT_SUP, then the
                // connection ends
            }
            m = framer.read();
            if (m == null) {
                return false;
            }
        }
        if (m.type() != PacketType.TDS7_LOGIN) {
            return false;
        }
        Login7 login = Login7.parse(m.payload());
        ByteBuf buf = Unpooled.buffer();
        boolean ok = !faults.refusingLogins()
                && options.user().equalsIgnoreCase(login.userName)
                && options.password().equals(login.password);
        faults.login(ok);
        if (!ok) {
            ErrorToken.writeError(
                    buf, 18456, 1, 14, "Login failed for user '" + login.userName + "'.", TokenSink.SERVER_NAME, 1);
            Done.write(buf, TokenType.DONE, DoneStatus.DONE_ERROR, 0, 0);
            framer.write(buf);
            return false;
        }
        String database = login.database == null || login.database.isEmpty() ? options.database() : login.database;
        try {
            session = new SqlSession(engine, database, spid);
        } catch (java.sql.SQLException e) {
            throw new IOException(e);
        }
        int packetSize = login.packetSize <= 0
                ? TdsFramer.DEFAULT_PACKET_SIZE
                : Math.max(TdsFramer.MIN_PACKET_SIZE, Math.min(TdsFramer.MAX_PACKET_SIZE, login.packetSize));
        LoginAck.write(buf, "Microsoft SQL Server", 16, 0, 1000);
        EnvChange.writeString(buf, EnvChangeType.DATABASE, database, "master");
        EnvChange.writeCollation(buf, ColumnType.COLLATION);
        EnvChange.writeString(buf, EnvChangeType.LANGUAGE, "us_english", "");
        EnvChange.writeString(
                buf,
                EnvChangeType.PACKET_SIZE,
                Integer.toString(packetSize),
                Integer.toString(TdsFramer.DEFAULT_PACKET_SIZE));
        Done.write(buf, TokenType.DONE, DoneStatus.DONE_FINAL, 0, 0);
        framer.write(buf);
        framer.packetSize(packetSize);
        return true;
    }

    private final StatementHook hook = new StatementHook() {
        @Override
        public void before() {
            if (faults.takeDropBefore()) {
                throw new ConnectionDropped("dropConnectionAfterStatements");
            }
            if (faults.stall(false, TdsSession.this::stalledClientGone)) {
                throw new ConnectionDropped("stallAtStatement, released");
            }
        }

        @Override
        public void executing(List<Token> statement, boolean inTransaction) {
            if (!inTransaction) {
                return;
            }
            if (statement.stream().anyMatch(token -> token.is("COMMIT"))) {
                hold(Faults.Phase.COMMIT_BEFORE);
            } else if (isJobTableUpdate(statement)) {
                hold(Faults.Phase.CHECKPOINT);
            }
        }

        @Override
        public void after() {
            faults.statementExecuted();
            if (faults.takeDropAfter()) {
                throw new ConnectionDropped("dropConnectionAfterExecuting");
            }
        }

        @Override
        public void afterCommit() {
            hold(Faults.Phase.COMMIT_AFTER);
            if (faults.takeCommitDrop()) {
                throw new ConnectionDropped("dropConnectionAfterCommit");
            }
        }
    };

    private ByteBuf sqlBatch(ByteBuf payload) {
        SqlBatch batch = SqlBatch.parse(payload);
        ByteBuf buf = Unpooled.buffer();
        TokenSink sink = new TokenSink(buf, false, quirks);
        session.executeBatch(batch.text, sink, hook);
        sink.finishBatch();
        return buf;
    }

    /**
     * BulkLoadBCP after INSERT BULK: one counted statement; DONE with the row count or ERROR and DONE_ERROR. With
     * ServerQuirks.poisonAfterFailedBulkLoad, the one after a failed one is refused and the connection closes.
     */
    private ByteBuf bulkLoad(ByteBuf payload) {
        ByteBuf buf = Unpooled.buffer();
        TokenSink sink = new TokenSink(buf, false, quirks);
        if (bulkLoadFailed && quirks.poisonAfterFailedBulkLoad()) {
            session.bulkLoad(
                    -1, List.of(), new TokenSink(Unpooled.buffer(), false, quirks)); // clears the pending INSERT BULK
            sink.error(new SqlServerError(ServerQuirks.UNKNOWN_ERROR, 1, 16, ServerQuirks.POISONED_BULK_LOAD_MESSAGE));
            sink.finishBatch();
            faults.bulkLoadExecuted();
            closeAfterReply = true;
            return buf;
        }
        BulkLoad load;
        try {
            load = BulkLoad.parse(payload);
        } catch (IllegalArgumentException e) {
            session.bulkLoad(-1, List.of(), sink); // clears the pending INSERT BULK and reports 4002
            sink.finishBatch();
            return buf;
        }
        if (faults.takeBulkLoadDrop(false)) {
            throw new StatementHook.ConnectionDropped("dropConnectionAtBulkLoad, before");
        }
        if (faults.stall(true, this::stalledClientGone)) {
            throw new StatementHook.ConnectionDropped("stallAtBulkLoad, released");
        }
        hold(Faults.Phase.BULK_LOAD_BEFORE_ROWS);
        hook.before();
        session.bulkLoad(load.columns.size(), load.rows, sink);
        bulkLoadFailed |= sink.failed();
        hold(Faults.Phase.BULK_LOAD_AFTER_ROWS);
        hook.after();
        faults.bulkLoadExecuted();
        if (faults.takeBulkLoadDrop(true)) {
            throw new StatementHook.ConnectionDropped("dropConnectionAtBulkLoad, after");
        }
        sink.finishBatch();
        return buf;
    }

    private ByteBuf rpc(ByteBuf payload) {
        ByteBuf buf = Unpooled.buffer();
        RpcRequest request;
        try {
            request = RpcRequest.parse(payload);
        } catch (RuntimeException e) {
            ErrorToken.writeError(
                    buf,
                    8009,
                    1,
                    16,
                    "The incoming tabular data stream (TDS) remote procedure call (RPC) protocol"
                            + " stream is incorrect. " + e.getMessage(),
                    TokenSink.SERVER_NAME,
                    1);
            Done.write(buf, TokenType.DONE, DoneStatus.DONE_ERROR, 0, 0);
            return buf;
        }
        List<RpcRequest.Call> calls = request.calls;
        for (int c = 0; c < calls.size(); c++) {
            RpcRequest.Call call = calls.get(c);
            boolean counted = call.procId() != ProcId.SP_UNPREPARE;
            if (counted) {
                hook.before();
            }
            TokenSink sink = new TokenSink(buf, true, quirks);
            Integer returnHandle = call(call, sink);
            ReturnStatus.write(buf, sink.failed() ? 1 : 0);
            if (returnHandle != null) {
                ReturnValue.writeInt(
                        buf,
                        0,
                        call.params().isEmpty() ? "" : call.params().get(0).name(),
                        returnHandle > 0 ? returnHandle : null);
            }
            int status =
                    (sink.failed() ? DoneStatus.DONE_ERROR : 0) | (c + 1 < calls.size() ? DoneStatus.DONE_MORE : 0);
            Done.write(buf, TokenType.DONEPROC, status, 0, 0);
            if (counted) {
                hook.after();
            }
        }
        return buf;
    }

    /** Runs one RPC; returns the handle to send back in RETURNVALUE (0 = NULL), or null for no RETURNVALUE. */
    private Integer call(RpcRequest.Call call, TokenSink sink) {
        List<RpcRequest.Param> p = call.params();
        try {
            switch (call.procId()) {
                case ProcId.SP_PREPEXEC: {
                    String defs = string(p, 1);
                    String sql = string(p, 2);
                    int handle = session.prepare(sql, defs);
                    SqlServerError err = session.executeRpc(sql, Params.of(p, 3, defs), sink, hook);
                    if (err != null && err.compileError()) {
                        session.unprepare(handle);
                        return 0;
                    }
                    return handle;
                }
                case ProcId.SP_PREPARE: {
                    return session.prepare(string(p, 2), string(p, 1));
                }
                case ProcId.SP_EXECUTE: {
                    int handle = p.isEmpty() || p.get(0).value() == null
                            ? 0
                            : ((Number) p.get(0).value()).intValue();
                    SqlSession.Prepared prepared = session.prepared(handle);
                    if (prepared == null) {
                        sink.error(new SqlServerError(
                                8179, 4, 16, "Could not find prepared statement with handle " + handle + "."));
                        return null;
                    }
                    // parameters of sp_execute may come unnamed (mssql-jdbc): they take the names of the prepared
                    // definitions
                    session.executeRpc(prepared.sql(), Params.of(p, 1, prepared.definitions()), sink, hook);
                    return null;
                }
                case ProcId.SP_EXECUTESQL: {
                    String sql = string(p, 0);
                    String defs = p.size() > 1 ? string(p, 1) : "";
                    session.executeRpc(sql, Params.of(p, 2, defs), sink, hook);
                    return null;
                }
                case ProcId.SP_UNPREPARE: {
                    if (!p.isEmpty() && p.get(0).value() != null) {
                        session.unprepare(((Number) p.get(0).value()).intValue());
                    }
                    return null;
                }
                default: {
                    String name = call.procName() != null ? call.procName() : "#" + call.procId();
                    sink.error(new SqlServerError(2812, 62, 16, "Could not find stored procedure '" + name + "'."));
                    return null;
                }
            }
        } catch (ClassCastException | IndexOutOfBoundsException e) {
            sink.error(new SqlServerError(
                    8144,
                    2,
                    16,
                    "Procedure or function has too many arguments specified or a parameter"
                            + " is of the wrong type."));
            return null;
        }
    }

    /**
     * Stops here while a hold armed for this phase fires; once released, ends the session (rolling its transaction back)
     * if the client has gone meanwhile, as SQL Server does when it finds its client dead.
     */
    private void hold(Faults.Phase phase) {
        Faults.Hold hold = faults.takeHold(phase);
        if (hold == null) {
            return;
        }
        hold.block(spid);
        if (clientGone()) {
            throw new StatementHook.ConnectionDropped("client gone while held at " + phase);
        }
    }

    /**
     * While stalled: whether the client has closed its end. What it sends meanwhile (an attention, a new request) is
     * read and dropped, as a session that never answers again would never act on it.
     */
    private boolean stalledClientGone() {
        return clientGone(true);
    }

    private boolean clientGone() {
        return clientGone(false);
    }

    /**
     * Whether the client has closed its end: a short read that sees end of stream. Data that arrived stays unread, or
     * with {@code drop} is read and discarded until the end of stream or a pause.
     */
    private boolean clientGone(boolean drop) {
        try {
            socket.setSoTimeout(200);
            if (drop) {
                byte[] dropped = new byte[4096];
                while (in.read(dropped) >= 0) {
                    // dropped
                }
                return true;
            }
            in.mark(1);
            int b = in.read();
            if (b < 0) {
                return true;
            }
            in.reset();
            return false;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        } finally {
            try {
                socket.setSoTimeout(0);
            } catch (IOException ignored) {
                // closed
            }
        }
    }

    /** UPDATE [schema.]mssql_bulk_job ...: the status table's name is the service's (job/JobStore). */
    private static boolean isJobTableUpdate(List<Token> statement) {
        List<Token> t = dev.mssqlbulk.emulator.sql.Lexer.significant(statement);
        if (t.isEmpty() || !t.get(0).is("UPDATE")) {
            return false;
        }
        for (int i = 1; i < t.size() && !t.get(i).is("SET"); i++) {
            if (t.get(i).name().equalsIgnoreCase("mssql_bulk_job")) {
                return true;
            }
        }
        return false;
    }

    private static String string(List<RpcRequest.Param> p, int i) {
        Object v = p.get(i).value();
        return v == null ? "" : v.toString();
    }

    private void reply(ByteBuf buf) throws IOException {
        Duration delay = faults.replyDelay();
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        trace(">>", buf);
        framer.write(buf);
    }

    /** With -Demulator.trace=true: the start of each message in hex on stderr (for finding out what a client sends). */
    private void trace(String what, ByteBuf buf) {
        if (TRACE) {
            int n = Math.min(2048, buf.readableBytes());
            System.err.println("emulator " + spid + " " + what + " (" + buf.readableBytes() + " bytes) "
                    + ByteBufUtil.hexDump(buf, buf.readerIndex(), n));
        }
    }
}
