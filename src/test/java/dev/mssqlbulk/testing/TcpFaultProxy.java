package dev.mssqlbulk.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on a loopback port in front of a real server (S3Proxy), that makes the network fail as it does in
 * production: it can {@link #refuse()} connections, {@link #stallAfter stall} a transfer after a number of bytes
 * (bytes stop flowing, the connection stays open), or {@link #cutAfter cut} it (the connection is reset). Faults
 * count bytes from the moment they are set, over all connections (pooled ones included), in one
 * {@link Direction}; {@link #pass()} ends them. Everything else is forwarded unchanged, so the client talks to the
 * real server through it.
 */
public final class TcpFaultProxy implements AutoCloseable {

    /** Which way bytes flow: requests and upload bodies to the server, responses and downloads to the client. */
    public enum Direction {
        TO_SERVER,
        TO_CLIENT
    }

    private enum Kind {
        PASS,
        STALL,
        CUT
    }

    private record Fault(Kind kind, Direction direction, AtomicLong budget) {
        boolean applies(Direction d) {
            return kind != Kind.PASS && direction == d;
        }
    }

    private static final Fault PASS = new Fault(Kind.PASS, null, new AtomicLong());

    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object changed = new Object();
    private final AtomicLong[] forwarded = {new AtomicLong(), new AtomicLong()};
    private volatile Fault fault = PASS;
    private volatile ServerSocket listener;
    private volatile boolean closed;

    private TcpFaultProxy(InetSocketAddress target, ServerSocket listener) {
        this.target = target;
        this.listener = listener;
        this.port = listener.getLocalPort();
        accept(listener);
    }

    /** A proxy on a free loopback port forwarding to {@code host:port}. */
    public static TcpFaultProxy start(String host, int port) {
        try {
            ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            return new TcpFaultProxy(new InetSocketAddress(host, port), listener);
        } catch (IOException e) {
            throw new IllegalStateException("fault proxy did not start", e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}: the endpoint to give the client instead of the server's. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Bytes forwarded so far in a direction, over all connections. */
    public long forwarded(Direction direction) {
        return forwarded[direction.ordinal()].get();
    }

    /** Forwards everything again; a stalled transfer resumes; a refusing proxy accepts again on the same port. */
    public synchronized void pass() {
        setFault(PASS);
        if (listener == null && !closed) {
            try {
                ServerSocket reopened = new ServerSocket();
                reopened.setReuseAddress(true);
                reopened.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
                listener = reopened;
                accept(reopened);
            } catch (IOException e) {
                throw new IllegalStateException("fault proxy could not listen on port " + port + " again", e);
            }
        }
    }

    /** Closes the listening socket (a connect is refused) and resets every open connection. */
    public synchronized void refuse() {
        ServerSocket current = listener;
        listener = null;
        closeQuietly(current);
        resetAll();
    }

    /** Forwards {@code bytes} more bytes in {@code direction}, then holds every further byte until {@link #pass()}. */
    public void stallAfter(Direction direction, long bytes) {
        setFault(new Fault(Kind.STALL, direction, new AtomicLong(bytes)));
    }

    /** Forwards {@code bytes} more bytes in {@code direction}, then resets each connection that sends more. */
    public void cutAfter(Direction direction, long bytes) {
        setFault(new Fault(Kind.CUT, direction, new AtomicLong(bytes)));
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeQuietly(listener);
        listener = null;
        resetAll();
        setFault(PASS);
    }

    private void setFault(Fault next) {
        synchronized (changed) {
            fault = next;
            changed.notifyAll();
        }
    }

    private void accept(ServerSocket server) {
        Thread acceptor = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try {
                            Socket client = server.accept();
                            Socket upstream = new Socket();
                            try {
                                upstream.connect(target, 5_000);
                            } catch (IOException e) {
                                reset(client);
                                continue;
                            }
                            sockets.add(client);
                            sockets.add(upstream);
                            pump(client, upstream, Direction.TO_SERVER);
                            pump(upstream, client, Direction.TO_CLIENT);
                        } catch (IOException e) {
                            return; // listener closed
                        }
                    }
                },
                "fault-proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void pump(Socket from, Socket to, Direction direction) {
        Thread pump = new Thread(
                () -> {
                    byte[] buffer = new byte[8192];
                    try {
                        InputStream in = from.getInputStream();
                        OutputStream out = to.getOutputStream();
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            if (!deliver(buffer, n, out, direction)) {
                                reset(from);
                                reset(to);
                                sockets.remove(from);
                                sockets.remove(to);
                                return;
                            }
                        }
                        to.shutdownOutput(); // pass the end of stream on, as a FIN
                        if (from.isOutputShutdown()) { // the other way has ended too
                            closeQuietly(from);
                            closeQuietly(to);
                            sockets.remove(from);
                            sockets.remove(to);
                        }
                    } catch (IOException e) {
                        reset(from);
                        reset(to);
                        sockets.remove(from);
                        sockets.remove(to);
                    }
                },
                "fault-proxy-" + direction + "-" + port);
        pump.setDaemon(true);
        pump.start();
    }

    /** Writes the chunk as the current fault allows; false when the connection is to be cut. */
    private boolean deliver(byte[] buffer, int length, OutputStream out, Direction direction) throws IOException {
        int offset = 0;
        while (offset < length) {
            Fault current = fault;
            int allowed = current.applies(direction) ? (int) take(current.budget(), length - offset) : length - offset;
            if (allowed > 0) {
                out.write(buffer, offset, allowed);
                out.flush();
                forwarded[direction.ordinal()].addAndGet(allowed);
                offset += allowed;
                continue;
            }
            if (current.kind() == Kind.CUT) {
                return false;
            }
            synchronized (changed) { // STALL: hold the bytes until the fault changes or the proxy closes
                while (fault == current && !closed) {
                    try {
                        changed.wait(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
            }
            if (closed) {
                return false;
            }
        }
        return true;
    }

    private static long take(AtomicLong budget, long wanted) {
        while (true) {
            long left = budget.get();
            long granted = Math.min(left, wanted);
            if (granted <= 0 || budget.compareAndSet(left, left - granted)) {
                return Math.max(granted, 0);
            }
        }
    }

    private void resetAll() {
        for (Socket socket : sockets) {
            reset(socket);
        }
        sockets.clear();
    }

    /** Closes with SO_LINGER 0: the peer sees a reset, as when a load balancer or a store's node drops it. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // already closed
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing
            }
        }
    }
}
