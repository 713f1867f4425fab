package org.vitrine.media.purejava;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StreamingHeapTest {
    @TempDir
    Path tmp;

    @Test
    void a_48_megapixel_baseline_jpeg_renders_in_a_64_mb_heap_where_a_whole_decode_runs_out_of_memory()
            throws Exception {
        Path photo = tmp.resolve("48mp.jpg");
        long started = System.nanoTime();
        GeneratedPhoto.writeJpeg(photo, 8000, 6000, false);
        System.out.printf("heap bound: generated 8000x6000 baseline JPEG (%d KB) in %d ms%n",
                java.nio.file.Files.size(photo) >> 10, (System.nanoTime() - started) / 1_000_000);

        Probe streamed = probe("64m", "stream", photo, 1);
        System.out.printf("heap bound: streaming at -Xmx64m: exit %d, %s", streamed.exitCode(), streamed.output());
        assertThat(streamed.exitCode()).as(streamed.output()).isZero();
        assertThat(streamed.output()).contains("rendered 4 sizes");

        Probe whole = probe("64m", "whole", photo, 1);
        System.out.printf("heap bound: whole decode at -Xmx64m: exit %d, %s", whole.exitCode(), whole.output());
        assertThat(whole.exitCode()).as("the whole decode needs more (so this test can fail): %s", whole.output())
                .isEqualTo(3);
        assertThat(whole.output()).contains("OutOfMemoryError");
    }

    private Probe probe(String heap, String mode, Path photo, int rounds) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx" + heap, "-cp", System.getProperty("java.class.path"),
                HeapBoundProbe.class.getName(), mode, photo.toString(), tmp.resolve("out-" + mode).toString(),
                String.valueOf(rounds))
                .redirectErrorStream(true);
        long started = System.nanoTime();
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = process.waitFor();
        return new Probe(code, output.lines().filter(l -> !l.contains("DEBUG")).reduce("", (a, b) -> a + b + "\n"),
                (System.nanoTime() - started) / 1_000_000);
    }

    private record Probe(int exitCode, String output, long millis) {
    }
}
