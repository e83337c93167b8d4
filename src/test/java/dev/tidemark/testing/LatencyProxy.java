package dev.tidemark.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A loopback TCP proxy in front of a server (here PostgreSQL) that adds a fixed delay to every chunk in both
 * directions — a round trip costs {@code roundTrip} more, as when a Lambda talks to RDS over a network —
 * and counts turns on the wire: a turn starts each time the client speaks after the server did.
 * Bandwidth is not limited; bytes in flight are delayed, not serialized.
 *
 * <p>Turns over-count round trips by at most one per transaction: pgjdbc sends {@code BEGIN} and the first
 * statement back to back without waiting, but on loopback the reply to {@code BEGIN} can arrive between
 * the two, which looks like a turn although the client never waited for it.
 */
public final class LatencyProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final long oneWayNanos;
    private final AtomicLong roundTrips = new AtomicLong();
    private volatile boolean closed;

    private LatencyProxy(ServerSocket listener, int targetPort, Duration roundTrip) {
        this.listener = listener;
        this.targetPort = targetPort;
        this.oneWayNanos = roundTrip.toNanos() / 2;
    }

    public static LatencyProxy start(int targetPort, Duration roundTrip) {
        try {
            LatencyProxy proxy = new LatencyProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()),
                    targetPort, roundTrip);
            Thread.ofPlatform().daemon().name("latency-proxy-accept").start(proxy::accept);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Client-to-server turns seen so far, over all connections (see the class comment). */
    public long roundTrips() {
        return roundTrips.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                AtomicBoolean serverSpokeLast = new AtomicBoolean(true);
                pipe(client, server, () -> {
                    if (serverSpokeLast.getAndSet(false)) {
                        roundTrips.incrementAndGet();
                    }
                });
                pipe(server, client, () -> serverSpokeLast.set(true));
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("latency proxy: " + e);
                }
            }
        }
    }

    /** One direction: a reader stamps each chunk with its due time, a writer sends it when due. */
    private void pipe(Socket from, Socket to, Runnable onChunk) throws IOException {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().start(() -> {
            byte[] buffer = new byte[64 * 1024];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    onChunk.run();
                    queue.put(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime() + oneWayNanos));
                }
            } catch (IOException | InterruptedException ignored) {
                // connection closed
            } finally {
                queue.add(Chunk.EOF);
            }
        });
        Thread.ofPlatform().daemon().start(() -> {
            try {
                for (Chunk c; (c = queue.take()) != Chunk.EOF; ) {
                    for (long wait; (wait = c.due - System.nanoTime()) > 0; ) {
                        LockSupport.parkNanos(wait);
                    }
                    out.write(c.bytes);
                    out.flush();
                }
            } catch (IOException | InterruptedException ignored) {
                // connection closed
            } finally {
                closeQuietly(to);
                closeQuietly(from);
            }
        });
    }

    private record Chunk(byte[] bytes, long due) {
        static final Chunk EOF = new Chunk(new byte[0], 0);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
