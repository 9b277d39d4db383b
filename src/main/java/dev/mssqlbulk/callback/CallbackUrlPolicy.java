package dev.mssqlbulk.callback;

import jakarta.enterprise.context.ApplicationScoped;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a callback URL when a job is uploaded: it must be an absolute {@code http}/{@code https} URL with a host
 * and no user info, its host must not be denied and, when {@code allowed-hosts} is set, must be allowed.
 *
 * <p>Hosts are compared in a canonical form, so that {@code 0xA9FEA9FE}, {@code 2852039166} or
 * {@code [::ffff:169.254.169.254]} are all {@code 169.254.169.254}. No name is resolved here: a host name whose DNS
 * record points at a denied address is not detected.
 */
@ApplicationScoped
public class CallbackUrlPolicy {

    private final Optional<List<Pattern>> allowed;
    private final List<Pattern> denied;

    public CallbackUrlPolicy(CallbackConfig config) {
        this.allowed = config.allowedHosts().map(CallbackUrlPolicy::patterns);
        this.denied = patterns(config.deniedHosts());
    }

    /**
     * The URL to call back.
     *
     * @throws CallbackUrlRejected when the URL may not be used; its message names the problem
     */
    public URI check(String url) {
        if (url == null || url.isBlank()) {
            throw new CallbackUrlRejected("The callback URL is empty");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new CallbackUrlRejected("The callback URL is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme();
        if (!uri.isAbsolute() || uri.isOpaque()
                || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            throw new CallbackUrlRejected("The callback URL must be an absolute http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new CallbackUrlRejected("The callback URL must not contain user info");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new CallbackUrlRejected("The callback URL has no valid host");
        }
        String host = canonicalHost(uri.getHost());
        if (matchesAny(denied, host)) {
            throw new CallbackUrlRejected("The callback URL's host " + uri.getHost() + " is not allowed");
        }
        if (allowed.isPresent() && !matchesAny(allowed.get(), host)) {
            throw new CallbackUrlRejected("The callback URL's host " + uri.getHost() + " is not among the allowed hosts");
        }
        return uri;
    }

    private static boolean matchesAny(List<Pattern> patterns, String host) {
        return patterns.stream().anyMatch(p -> p.matcher(host).matches());
    }

    private static List<Pattern> patterns(List<String> globs) {
        return globs.stream()
                .map(String::trim)
                .filter(g -> !g.isEmpty())
                .map(g -> g.contains("*") ? g.toLowerCase(Locale.ROOT) : canonicalHost(g))
                .map(CallbackUrlPolicy::toPattern)
                .toList();
    }

    private static Pattern toPattern(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** Lower case, without IPv6 brackets or a trailing dot; IP literals in one canonical form. Never resolves. */
    static String canonicalHost(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.indexOf(':') >= 0) {
            return canonicalIpv6(h);
        }
        byte[] ipv4 = parseIpv4(h);
        return ipv4 != null ? dotted(ipv4) : h;
    }

    private static String canonicalIpv6(String literal) {
        if (!literal.matches("[0-9a-f:.]+")) {
            return literal; // zone ids and the like: compared as written
        }
        try {
            InetAddress address = InetAddress.getByName(literal); // a literal: no lookup
            if (address instanceof Inet4Address) { // ::ffff:a.b.c.d
                return dotted(address.getAddress());
            }
            byte[] b = address.getAddress();
            if (address instanceof Inet6Address && isIpv4Compatible(b)) {
                return dotted(new byte[] {b[12], b[13], b[14], b[15]});
            }
            return address.getHostAddress();
        } catch (UnknownHostException e) {
            return literal;
        }
    }

    private static boolean isIpv4Compatible(byte[] b) {
        for (int i = 0; i < 12; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[12] != 0 || b[13] != 0; // not :: or ::1
    }

    /** The forms inet_aton accepts: 1 to 4 parts, each decimal, 0x hex or 0 octal; the last fills the rest. */
    private static byte[] parseIpv4(String h) {
        if (h.isEmpty() || !h.matches("[0-9a-fx.]+")) {
            return null;
        }
        String[] parts = h.split("\\.", -1);
        if (parts.length > 4) {
            return null;
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Long v = parseNumber(parts[i]);
            if (v == null) {
                return null;
            }
            values[i] = v;
        }
        long address = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 0xFF) {
                return null;
            }
            address |= values[i] << (8 * (3 - i));
        }
        long last = values[parts.length - 1];
        if (last >= 1L << (8 * (5 - parts.length))) {
            return null;
        }
        address |= last;
        return new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
    }

    private static Long parseNumber(String part) {
        try {
            if (part.startsWith("0x")) {
                return part.length() > 2 && part.length() <= 10 ? Long.parseLong(part.substring(2), 16) : null;
            }
            if (part.length() > 1 && part.startsWith("0")) {
                return part.length() <= 12 ? Long.parseLong(part.substring(1), 8) : null;
            }
            return !part.isEmpty() && part.length() <= 10 ? Long.parseLong(part) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String dotted(byte[] b) {
        return (b[0] & 0xFF) + "." + (b[1] & 0xFF) + "." + (b[2] & 0xFF) + "." + (b[3] & 0xFF);
    }
}
