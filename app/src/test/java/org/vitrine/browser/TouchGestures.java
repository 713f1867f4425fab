package org.vitrine.browser;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;

/**
 * TouchGestures sends raw touch events through the DevTools protocol: Playwright can tap, but a swipe needs
 * a touchStart, a series of touchMoves and a touchEnd, as a finger would make them.
 */
final class TouchGestures {
    private TouchGestures() {
    }

    /** Swipes one finger from (fromX, y) to (toX, y) in {@code steps} moves, a few milliseconds apart. */
    static void swipe(Page page, double fromX, double toX, double y, int steps) {
        CDPSession cdp = page.context().newCDPSession(page);
        try {
            cdp.send("Input.dispatchTouchEvent", event("touchStart", fromX, y));
            for (int i = 1; i <= steps; i++) {
                double x = fromX + (toX - fromX) * i / steps;
                cdp.send("Input.dispatchTouchEvent", event("touchMove", x, y));
                page.waitForTimeout(16);
            }
            JsonObject end = new JsonObject();
            end.addProperty("type", "touchEnd");
            end.add("touchPoints", new JsonArray());
            cdp.send("Input.dispatchTouchEvent", end);
        } finally {
            cdp.detach();
        }
    }

    private static JsonObject event(String type, double x, double y) {
        JsonObject point = new JsonObject();
        point.addProperty("x", x);
        point.addProperty("y", y);
        point.addProperty("id", 1);
        JsonArray points = new JsonArray();
        points.add(point);
        JsonObject event = new JsonObject();
        event.addProperty("type", type);
        event.add("touchPoints", points);
        return event;
    }
}
