package org.vitrine.proxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.access.Visibility;
import org.vitrine.photo.Photo;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.HttpSession;
import org.vitrine.testing.NginxProcess;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LargeUploadBehindNginxTest sends one 200 MB photo through nginx configured as docs/deploy/nginx.conf: the
 * body size, the timeouts and the unbuffered request let it through, and Vitrine keeps every byte of it.
 */
class LargeUploadBehindNginxTest {
    /** 200 MB as people count them; the default VITRINE_MAX_UPLOAD_MB of 200 is MiB, a little more. */
    private static final long SIZE = 200_000_000L;

    @TempDir
    Path dir;

    @Test
    void a_200_mb_photo_passes_through_nginx_and_is_stored_byte_for_byte() throws Exception {
        try (var site = ProxiedSite.start(dir)) {
            App app = site.app();
            NginxProcess nginx = site.nginx();
            var fixtures = new Fixtures(app);
            fixtures.owner();
            var album = fixtures.album("Large", Visibility.PRIVATE);
            Path photo = largeJpeg(dir.resolve("panorama.jpg"));
            String sha256 = sha256(photo);

            HttpSession owner = nginx.session();
            owner.csrfFrom("/login");
            assertThat(owner.postForm("/login", Map.of("email", Fixtures.OWNER_EMAIL,
                    "password", Fixtures.OWNER_PASSWORD)).statusCode()).isEqualTo(303);
            owner.csrfFrom("/admin/albums/" + album.id());
            var response = owner.upload("/admin/albums/" + album.id() + "/photos", photo);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(HttpSession.parse(response.body()).get("results").get(0).get("ok").asBoolean())
                    .as(response.body()).isTrue();
            assertThat(app.photos().listByAlbum(album.id())).extracting(Photo::sha256).containsExactly(sha256);
            String nginxLog = Files.readString(nginx.errorLog());
            assertThat(nginxLog).doesNotContain("[error]", "[crit]");
            // The body streamed through: nginx did not first write it to its own disk.
            assertThat(nginxLog).doesNotContain("buffered to a temporary file");
        }
    }

    /** A real small JPEG followed by padding up to 200 MB: image readers stop at its end-of-image marker. */
    private static Path largeJpeg(Path file) throws IOException {
        Path small = GeneratedPhotos.jpeg(file.resolveSibling("small.jpg"), 640, 480, 7);
        try (OutputStream out = Files.newOutputStream(file)) {
            Files.copy(small, out);
            byte[] padding = new byte[1 << 20];
            long left = SIZE - Files.size(small);
            while (left > 0) {
                int n = (int) Math.min(padding.length, left);
                out.write(padding, 0, n);
                left -= n;
            }
        }
        assertThat(Files.size(file)).isEqualTo(SIZE);
        return file;
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
