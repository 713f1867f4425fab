package org.vitrine.web;

import java.time.Duration;

/**
 * ClientLimits are the time and size limits that keep slow or greedy clients from holding the server: how long a
 * client may take to send its request headers, how long a connection may stay silent, the slowest acceptable
 * transfer rates, the largest request header, and the largest body of an ordinary form.
 *
 * @param headerDeadline    time from a request's first byte to the end of its headers (Jetty has no such limit)
 * @param idleTimeout       a connection with no bytes moving either way for this long is closed
 * @param minRequestBytesPerSecond  a request body arriving slower than this (averaged) is refused with 408
 * @param minResponseBytesPerSecond a client reading a response slower than this is dropped
 * @param maxHeaderBytes    request line and headers together
 * @param maxFormBytes      body of any request except an upload: forms are kilobytes, never files
 */
public record ClientLimits(Duration headerDeadline, Duration idleTimeout, long minRequestBytesPerSecond,
                           long minResponseBytesPerSecond, int maxHeaderBytes, int maxFormBytes) {

    /**
     * Generous for real people (a phone on a poor link sends a form's headers in well under a second and an
     * upload at tens of KB/s), fatal for a client that trickles a byte every few seconds.
     */
    public static final ClientLimits DEFAULT = new ClientLimits(Duration.ofSeconds(10), Duration.ofSeconds(20),
            1024, 1024, 8 * 1024, 64 * 1024);
}
