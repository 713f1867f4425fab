package org.vitrine.web;

import io.javalin.config.JavalinConfig;

/**
 * RouteTable registers the site's URLs. The table itself lives with the wiring ({@code org.vitrine.Routes}),
 * because it names every feature's controllers and features depend on web, never the other way round.
 */
@FunctionalInterface
public interface RouteTable {
    void register(JavalinConfig config);
}
