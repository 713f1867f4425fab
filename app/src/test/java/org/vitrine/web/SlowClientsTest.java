package org.vitrine.web;

import io.javalin.Javalin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.testing.TestApp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that trickles its request is dropped by a time limit instead of holding the server: the web server is
 * started with short limits so that each case takes about a second.
 */
class SlowClientsTest {
    private static final ClientLimits SHORT = new ClientLimits(Duration.ofMillis(600), Duration.ofSeconds(20),
            1024, 1024, 8 * 1024, 64 * 1024);

    @TempDir
    Path dataDir;

    private Javalin server;

    @BeforeEach
    void start() throws IOException {
        var config = TestApp.config(dataDir);
        var csrf = new Csrf(new SessionCookie(false), false);
        var pages = new Pages(new Templates(), ctx -> Optional.empty(), csrf, () -> "Vitrine", false);
        server = WebServer.create(config, SHORT, c -> {
            c.routes.get("/", ctx -> ctx.result("ok"));
            c.routes.post("/form", ctx -> ctx.result("got " + ctx.formParam("x")));
        }, csrf, pages, Files.createDirectories(dataDir.resolve("multipart"))).start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void a_client_sending_its_request_headers_too_slowly_is_disconnected() throws Exception {
        String request = "GET / HTTP/1.1\r\nHost: localhost\r\nUser-Agent: " + "slow".repeat(100) + "\r\n\r\n";

        int sent = trickle(request.getBytes(StandardCharsets.US_ASCII), in -> {
        });

        assertThat(sent).as("bytes sent before the server hung up").isLessThan(request.length());
    }

    @Test
    void a_form_body_trickling_in_too_slowly_is_refused_with_408() throws Exception {
        String body = "x=" + "a".repeat(300);
        String head = "POST /form HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n";
        var answer = new StringBuilder();

        int sent = trickle((head + body).getBytes(StandardCharsets.US_ASCII), head.length(), in -> {
            answer.append(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        });

        assertThat(sent).isLessThan(head.length() + body.length());
        assertThat(answer.toString()).satisfiesAnyOf(
                a -> assertThat(a).isEmpty(),
                a -> assertThat(a).startsWith("HTTP/1.1 408"));
    }

    @Test
    void a_page_is_served_at_once_while_slow_clients_are_connected() throws Exception {
        var slow = new java.util.ArrayList<Socket>();
        try {
            for (int i = 0; i < 300; i++) {
                var socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
                socket.getOutputStream().write("POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nx=".getBytes(StandardCharsets.US_ASCII));
                slow.add(socket);
            }
            try (var socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200").endsWith("ok");
            }
        } finally {
            for (var socket : slow) {
                socket.close();
            }
        }
    }

    private interface Reader {
        void read(InputStream in) throws IOException;
    }

    private int trickle(byte[] request, Reader reader) throws Exception {
        return trickle(request, 0, reader);
    }

    /**
     * Sends the first {@code burst} bytes at once, then one byte every 50 ms, until the whole request is sent or the
     * server closes the connection; returns how many bytes were sent.
     */
    private int trickle(byte[] request, int burst, Reader reader) throws Exception {
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(30_000);
            InputStream in = socket.getInputStream();
            CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> {
                try {
                    reader.read(in);
                    in.read();
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("the server kept the slow connection open", e);
                } catch (IOException e) {
                    // reset by the server: closed too
                }
            });
            OutputStream out = socket.getOutputStream();
            out.write(request, 0, burst);
            out.flush();
            int sent = burst;
            while (sent < request.length && !closed.isDone()) {
                try {
                    out.write(request[sent]);
                    out.flush();
                } catch (IOException e) {
                    break;
                }
                sent++;
                // The pace of a slow client, not a synchronisation: the server must not wait for it.
                Thread.sleep(50);
            }
            closed.get(30, TimeUnit.SECONDS);
            return sent;
        }
    }
}
