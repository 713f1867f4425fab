import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * ImportBench imports N photos into a running Vitrine through the real upload endpoint while a visitor loop keeps
 * requesting the album page, and reports photos per minute and page latency percentiles. Each upload is made
 * unique by bytes appended after the JPEG's end marker, so that N uploads of a few source photos are N photos.
 *
 *   java bench/src/ImportBench.java BASE_URL EMAIL PASSWORD COUNT PARALLEL PHOTO...
 */
public class ImportBench {
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    static HttpClient client;
    static URI base;

    public static void main(String[] args) throws Exception {
        base = URI.create(args[0]);
        int count = Integer.parseInt(args[3]);
        int parallel = Integer.parseInt(args[4]);
        List<Path> sources = new ArrayList<>();
        for (int i = 5; i < args.length; i++) {
            sources.add(Path.of(args[i]));
        }
        client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String csrf = csrf("/login");
        post("/login", "email=" + enc(args[1]) + "&password=" + enc(args[2]) + "&_csrf=" + enc(csrf));
        String slug = "bench-" + System.currentTimeMillis();
        var created = post("/admin/albums", "title=" + slug + "&slug=" + slug + "&visibility=public&_csrf=" + enc(csrf));
        String albumPath = created.headers().firstValue("Location").orElseThrow();
        String uploadPath = albumPath + "/photos";

        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        var stop = new AtomicBoolean();
        Thread visitor = Thread.ofPlatform().start(() -> {
            var anonymous = HttpClient.newHttpClient();
            while (!stop.get()) {
                long t0 = System.nanoTime();
                try {
                    var r = anonymous.send(HttpRequest.newBuilder(base.resolve("/a/" + slug)).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) {
                        latencies.add(System.nanoTime() - t0);
                    }
                    Thread.sleep(20);
                } catch (Exception e) {
                    latencies.add(Long.MAX_VALUE); // an error counts as the worst latency
                }
            }
        });

        long start = System.nanoTime();
        AtomicInteger refused = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
            for (int i = 0; i < count; i++) {
                int n = i;
                pool.submit(() -> {
                    try {
                        var r = upload(uploadPath, sources.get(n % sources.size()), n, csrf);
                        if (r.statusCode() != 200) {
                            refused.incrementAndGet();
                            System.err.println("upload " + n + ": " + r.statusCode() + " " + r.body());
                        }
                    } catch (Exception e) {
                        refused.incrementAndGet();
                        System.err.println("upload " + n + ": " + e);
                    }
                });
            }
        }
        double uploadSeconds = (System.nanoTime() - start) / 1e9;
        int processing;
        int failed;
        do {
            Thread.sleep(500);
            String json = get("/api/albums/" + slug);
            processing = count(json, "\"status\":\"processing\"");
            failed = count(json, "\"status\":\"failed\"");
        } while (processing > 0);
        double totalSeconds = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        visitor.join();

        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("photos\t%d%nrefused\t%d%nfailed\t%d%nupload_s\t%.1f%ntotal_s\t%.1f%nphotos_per_min\t%.1f%n",
                count, refused.get(), failed, uploadSeconds, totalSeconds, count * 60 / totalSeconds);
        System.out.printf("page_requests\t%d%npage_p50_ms\t%.1f%npage_p99_ms\t%.1f%npage_max_ms\t%.1f%n", sorted.size(),
                pct(sorted, 0.50), pct(sorted, 0.99), pct(sorted, 1.0));
    }

    static double pct(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        long v = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
        return v == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : v / 1e6;
    }

    static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    static HttpResponse<String> upload(String path, Path file, int n, String csrf) throws Exception {
        String boundary = "----bench" + n;
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"bench-" + n
                + ".jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\nbench " + n + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        var request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", "application/json")
                .header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> {
                    try {
                        InputStream body = Files.newInputStream(file);
                        return new SequenceInputStream(Collections.enumeration(List.of(
                                new ByteArrayInputStream(head), body, new ByteArrayInputStream(tail))));
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static String csrf(String path) throws Exception {
        var m = CSRF.matcher(get(path));
        if (!m.find()) {
            throw new IllegalStateException("no CSRF token on " + path);
        }
        return m.group(1);
    }

    static String get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static HttpResponse<String> post(String path, String form) throws Exception {
        return client.send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
