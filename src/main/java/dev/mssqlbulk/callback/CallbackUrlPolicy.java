package dev.mssqlbulk.callback;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides where callbacks may go. Every job is a tenant's request to make this service POST somewhere from
 * inside the cluster, so by default a callback may only reach globally routed addresses:
 *
 * <ol>
 *   <li>the URL is an absolute {@code http}/{@code https} URL with a host and no user info;</li>
 *   <li>a host name matching {@code denied-hosts}, or an address inside a denied IP/CIDR entry, is refused
 *       (cloud metadata endpoints by default; denied wins over allowed);</li>
 *   <li>when {@code allowed-hosts} is set, the host must match one of its name patterns, or every address
 *       must lie inside one of its IP/CIDR entries;</li>
 *   <li>an internal address ({@link InternalAddresses}: loopback, private, link-local, unique-local, CGNAT,
 *       multicast, NAT64 and IPv4-mapped forms of those...) is refused unless {@code allowed-hosts} opens it on
 *       purpose: an IP/CIDR entry containing it, or an entry naming the host exactly. A wildcard pattern never
 *       opens an internal address ({@code *} would open them all).</li>
 * </ol>
 *
 * <p>{@link #check(String)} runs at upload without resolving anything (a 400 for what is wrong already);
 * {@link #target(URI)} runs before every attempt, resolves the host, applies all rules to every address the name
 * has, and returns the checked address for the sender to connect to. A URL read back from the status table is
 * therefore checked again, under the policy in force when it is used.
 */
@ApplicationScoped
public class CallbackUrlPolicy {

    private final Optional<HostRules> allowed;
    private final HostRules denied;
    private final HostResolver resolver;

    @Inject
    public CallbackUrlPolicy(CallbackConfig config) {
        this(config, HostResolver.SYSTEM);
    }

    public CallbackUrlPolicy(CallbackConfig config, HostResolver resolver) {
        this.allowed = config.allowedHosts().map(HostRules::of);
        this.denied = HostRules.of(config.deniedHosts());
        this.resolver = resolver;
    }

    /**
     * The URL to call back, checked as far as it can be without resolving its host.
     *
     * @throws CallbackUrlRejected when the URL may not be used; its message names the problem
     */
    public URI check(String url) {
        URI uri = parse(url);
        String host = canonicalHost(uri.getHost());
        IPAddress literal = literal(host);
        judge(uri, host, literal == null ? List.of() : List.of(literal), literal == null);
        return uri;
    }

    /**
     * Resolves the URL's host and checks the URL and every address the host has. Blocking (name resolution).
     *
     * @return the URL with the first of its addresses, all of which passed
     * @throws CallbackRefused       when the policy refuses the URL or one of its addresses
     * @throws UnknownHostException  when the host does not resolve
     */
    public CallbackTarget target(URI url) throws UnknownHostException {
        URI uri = parse(url == null ? null : url.toString());
        String host = canonicalHost(uri.getHost());
        List<InetAddress> addresses = resolver.resolve(bare(uri.getHost()));
        if (addresses.isEmpty()) {
            throw new UnknownHostException("no address");
        }
        judge(uri, host, addresses.stream().map(InternalAddresses::of).toList(), false);
        return new CallbackTarget(uri, addresses.get(0));
    }

    private static URI parse(String url) {
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
        if (!uri.isAbsolute()
                || uri.isOpaque()
                || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            throw new CallbackUrlRejected("The callback URL must be an absolute http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new CallbackUrlRejected("The callback URL must not contain user info");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new CallbackUrlRejected("The callback URL has no valid host");
        }
        return uri;
    }

    /**
     * Applies the rules to a host and its addresses. {@code unresolved}: a name whose addresses are not known
     * yet (at upload), so that only its name can be judged now.
     */
    private void judge(URI uri, String host, List<IPAddress> addresses, boolean unresolved) {
        if (denied.matchesName(host) || addresses.stream().anyMatch(denied::contains)) {
            throw new CallbackRefused("The callback URL's host " + uri.getHost() + " is not allowed");
        }
        if (allowed.isPresent()) {
            HostRules allow = allowed.get();
            boolean listed = allow.matchesName(host)
                    || (unresolved ? allow.hasNetworks() : addresses.stream().allMatch(allow::contains));
            if (!listed) {
                throw new CallbackRefused(
                        "The callback URL's host " + uri.getHost() + " is not among the allowed hosts");
            }
        }
        for (IPAddress address : addresses) {
            if (InternalAddresses.isInternal(address) && !opened(host, address)) {
                throw new CallbackRefused("The callback URL's host " + uri.getHost()
                        + " is an internal address; list it in mssql-bulk.callback.allowed-hosts to allow it");
            }
        }
    }

    private boolean opened(String host, IPAddress address) {
        return allowed.map(allow -> allow.contains(address) || allow.namesExactly(host))
                .orElse(false);
    }

    private static IPAddress literal(String canonicalHost) {
        if (canonicalHost.indexOf(':') < 0 && !canonicalHost.matches("[0-9.]+")) {
            return null;
        }
        return new IPAddressString(canonicalHost).getAddress();
    }

    /** The host without IPv6 brackets. */
    static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * A list of hosts from the configuration: name patterns ({@code *} wildcards, case-insensitive) and IP
     * addresses or CIDR blocks ({@code 10.0.0.0/8}, {@code fd00::/8}).
     */
    private record HostRules(List<Pattern> patterns, Set<String> exactNames, List<IPAddress> networks) {

        static HostRules of(List<String> entries) {
            List<Pattern> patterns = new ArrayList<>();
            Set<String> exact = new HashSet<>();
            List<IPAddress> networks = new ArrayList<>();
            for (String raw : entries) {
                String entry = raw.trim();
                if (entry.isEmpty()) {
                    continue;
                }
                IPAddress network = entry.contains("*") ? null : new IPAddressString(bare(entry)).getAddress();
                if (network != null) {
                    networks.add(network.isPrefixed() ? network.toPrefixBlock() : network);
                    continue;
                }
                String name = entry.contains("*") ? entry.toLowerCase(Locale.ROOT) : canonicalHost(entry);
                patterns.add(toPattern(name));
                if (!entry.contains("*")) {
                    exact.add(name);
                }
            }
            return new HostRules(List.copyOf(patterns), Set.copyOf(exact), List.copyOf(networks));
        }

        boolean matchesName(String canonicalHost) {
            return patterns.stream().anyMatch(p -> p.matcher(canonicalHost).matches());
        }

        boolean namesExactly(String canonicalHost) {
            return exactNames.contains(canonicalHost);
        }

        boolean contains(IPAddress address) {
            IPAddress plain = address.isIPv6() ? address.toIPv6().removeZone() : address;
            return networks.stream()
                    .anyMatch(n -> n.contains(plain)
                            || (plain.isIPv6()
                                    && plain.toIPv6().isIPv4Mapped()
                                    && n.contains(plain.toIPv6().getEmbeddedIPv4Address())));
        }

        boolean hasNetworks() {
            return !networks.isEmpty();
        }
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
