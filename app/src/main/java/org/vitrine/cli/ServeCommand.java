package org.vitrine.cli;

import org.vitrine.App;
import org.vitrine.config.Config;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** ServeCommand runs the web site and its background worker until the process is stopped. */
@Command(name = "serve", description = "Serve the site (and process photos in the background).")
public final class ServeCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        App app = App.start(Config.fromEnvironment());
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "vitrine-shutdown"));
        stopped.await();
        return 0;
    }
}
