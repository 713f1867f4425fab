package org.vitrine.web;

import io.javalin.http.Context;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * ClientAddress says which address a request came from. The connection's peer is believed, unless it is one of
 * the trusted proxies (VITRINE_TRUSTED_PROXIES): then the address that proxy reports in {@code X-Forwarded-For}
 * (or, without one, {@code Forwarded}) is taken, walking from the right past further trusted proxies. Without
 * trusted proxies the headers are ignored, since any client can write them.
 */
public final class ClientAddress {
    private final List<Cidr> trusted;

    public ClientAddress(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream().map(Cidr::parse).toList();
    }

    /** Parses a comma-separated list of addresses and CIDR blocks; throws IllegalArgumentException naming a bad one. */
    public static List<String> parseList(String text) {
        List<String> entries = new ArrayList<>();
        for (String part : text.split(",")) {
            String entry = part.trim();
            if (!entry.isEmpty()) {
                Cidr.parse(entry);
                entries.add(entry);
            }
        }
        return List.copyOf(entries);
    }

    public String of(Context ctx) {
        return of(ctx.req().getRemoteAddr(), ctx::header);
    }

    /** The client's address for a connection from {@code peer} with these request headers. */
    String of(String peer, Function<String, String> header) {
        if (!isTrusted(peer)) {
            return peer;
        }
        List<String> hops = forwardedFor(header);
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (!isTrusted(hop)) {
                return hop;
            }
            peer = hop;
        }
        return peer;
    }

    private boolean isTrusted(String address) {
        Optional<byte[]> bytes = literal(address);
        return bytes.isPresent() && trusted.stream().anyMatch(c -> c.contains(bytes.get()));
    }

    /**
     * The client chain, leftmost first, from {@code X-Forwarded-For} or else {@code Forwarded} (RFC 7239).
     * X-Forwarded-For first because nginx, Caddy and Apache all write it, and unless told otherwise pass a client's
     * own {@code Forwarded} on untouched: read first, that one would let any client name any address.
     */
    private static List<String> forwardedFor(Function<String, String> header) {
        List<String> hops = new ArrayList<>();
        String xff = header.apply("X-Forwarded-For");
        if (xff != null) {
            for (String hop : xff.split(",")) {
                hops.add(hop.trim());
            }
            return hops;
        }
        String forwarded = header.apply("Forwarded");
        if (forwarded != null) {
            for (String element : forwarded.split(",")) {
                for (String pair : element.split(";")) {
                    String p = pair.trim();
                    if (p.toLowerCase(Locale.ROOT).startsWith("for=")) {
                        hops.add(stripForwardedNode(p.substring(4).trim()));
                    }
                }
            }
        }
        return hops;
    }

    private static String stripForwardedNode(String node) {
        String n = node.startsWith("\"") && node.endsWith("\"") && node.length() > 1
                ? node.substring(1, node.length() - 1) : node;
        if (n.startsWith("[")) {
            int end = n.indexOf(']');
            return end > 0 ? n.substring(1, end) : n;
        }
        int colon = n.indexOf(':');
        return colon > 0 && n.indexOf(':', colon + 1) < 0 ? n.substring(0, colon) : n;
    }

    /** The address's bytes when it is a literal IPv4 or IPv6 address; never a name lookup. */
    static Optional<byte[]> literal(String address) {
        if (address == null || address.isEmpty() || !address.matches("[0-9A-Fa-f:.]+")) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.ofLiteral(address).getAddress());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** One trusted address or block, e.g. {@code 10.0.0.0/8} or {@code ::1}. */
    private record Cidr(byte[] network, int prefix) {
        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            byte[] bytes = literal(address).orElseThrow(() -> new IllegalArgumentException(
                    "'" + text + "' is not an IP address or a CIDR block like 10.0.0.0/8"));
            int prefix = bytes.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bytes.length * 8) {
                    throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0-"
                            + bytes.length * 8);
                }
            }
            return new Cidr(bytes, prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int shift = network.length * 8 - prefix;
            return new BigInteger(1, address).shiftRight(shift).equals(new BigInteger(1, network).shiftRight(shift));
        }
    }
}
