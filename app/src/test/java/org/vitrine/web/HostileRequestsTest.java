package org.vitrine.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.access.Visibility;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.HttpSession;
import org.vitrine.testing.TestApp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests built to exhaust the server are refused from their headers: big bodies to small forms, files sent
 * where no file is taken, anonymous uploads, uploads without the CSRF header, and malformed multipart bodies.
 */
class HostileRequestsTest {
    @TempDir
    Path dataDir;

    private App app;
    private Fixtures fixtures;

    @BeforeEach
    void start() {
        app = TestApp.start(dataDir);
        fixtures = new Fixtures(app);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void a_huge_form_sent_to_the_sign_in_page_is_refused_with_413_before_its_body_arrives() throws IOException {
        String answer = sendHeadersOnly("POST /login HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000000\r\n\r\nemail=a");

        assertThat(answer).startsWith("HTTP/1.1 413").contains("This form is too large: the limit is 64 KB.");
    }

    @Test
    void a_file_sent_to_an_address_that_takes_no_files_is_refused_with_415() throws IOException {
        String answer = sendHeadersOnly("POST /admin/albums HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 100000000\r\n\r\n--x\r\n");

        assertThat(answer).startsWith("HTTP/1.1 415").contains("This address does not take files.");
    }

    @Test
    void an_anonymous_upload_is_refused_before_its_body_is_read_and_nothing_is_spooled() throws IOException {
        var album = fixtures.album("Summer", Visibility.PUBLIC);

        String answer = sendHeadersOnly("POST /admin/albums/" + album.id() + "/photos HTTP/1.1\r\nHost: localhost\r\n"
                + "Accept: application/json\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                + "Content-Length: 1000000000\r\n\r\n--x\r\nContent-Disposition: form-data; name=\"photos\"; "
                + "filename=\"a.jpg\"\r\n\r\n" + "y".repeat(100_000));

        assertThat(answer).startsWith("HTTP/1.1 401").contains("Sign in to upload photos.");
        assertThat(spooledParts()).isZero();
    }

    @Test
    void a_signed_in_upload_without_the_csrf_token_is_refused_before_its_body_is_read() throws IOException {
        var album = fixtures.album("Summer", Visibility.PUBLIC);
        var owner = fixtures.signedIn();
        String cookie = owner.cookieHeader();

        String answer = sendHeadersOnly("POST /admin/albums/" + album.id() + "/photos HTTP/1.1\r\nHost: localhost\r\n"
                + "Cookie: " + cookie + "\r\nAccept: application/json\r\n"
                + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 1000000000\r\n\r\n--x\r\n");

        assertThat(answer).startsWith("HTTP/1.1 403").contains("This form has expired");
        assertThat(spooledParts()).isZero();
    }

    @Test
    void an_upload_of_more_than_a_thousand_parts_gets_a_clear_refusal_not_a_server_error() throws Exception {
        var album = fixtures.album("Summer", Visibility.PUBLIC);
        var owner = fixtures.signedIn();
        var body = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            body.append("--x\r\nContent-Disposition: form-data; name=\"f").append(i).append("\"\r\n\r\nv\r\n");
        }
        body.append("--x--\r\n");

        var response = owner.postMultipart("/admin/albums/" + album.id() + "/photos", "x", body.toString());

        assertThat(response.statusCode()).isIn(400, 413);
        assertThat(response.body()).contains("error").doesNotContain("Exception").doesNotContain("at org.");
    }

    @Test
    void an_upload_with_control_bytes_in_a_part_name_gets_400_not_a_server_error() throws Exception {
        var album = fixtures.album("Summer", Visibility.PUBLIC);
        var owner = fixtures.signedIn();
        String body = "--x\r\nContent-Disposition: form-data; name=\"pho\u0001tos\"; filename=\"a\u0000.jpg\"\r\n\r\n"
                + "data\r\n--x--\r\n";

        var response = owner.postMultipart("/admin/albums/" + album.id() + "/photos", "x", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("error").doesNotContain("Exception").doesNotContain("at org.");
    }

    /** Sends a request's head and the start of its body, then reads the answer without sending the rest. */
    private String sendHeadersOnly(String start) throws IOException {
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), app.port())) {
            // Generous: the answer must come without the body, which never comes; a server waiting for it
            // would hit this limit.
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(start.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            var answer = new ByteArrayOutputStream();
            try {
                socket.getInputStream().transferTo(answer);
            } catch (java.net.SocketException e) {
                // reset after the answer: the server closed without reading the body, as it should
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    /** Files under any multipart spool folder of the data folder's temporary space. */
    private long spooledParts() throws IOException {
        try (Stream<Path> files = Files.walk(dataDir.resolve("tmp"))) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().contains(java.io.File.separator + "multipart" + java.io.File.separator))
                    .count();
        }
    }
}
