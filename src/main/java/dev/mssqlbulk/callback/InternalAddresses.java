package dev.mssqlbulk.callback;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * Addresses a callback must not reach unless an operator opens them on purpose: everything that is not a
 * globally routed unicast address. That is loopback, RFC 1918 private, link-local (where the cloud metadata and
 * ECS credential endpoints live), CGNAT {@code 100.64/10} (Alibaba's metadata), unique-local {@code fc00::/7}
 * ({@code fd00:ec2::254}), multicast, unspecified, reserved and documentation ranges, and the IPv6 forms that
 * carry an IPv4 address inside (IPv4-mapped, IPv4-compatible, NAT64 {@code 64:ff9b::/96}, 6to4), which are judged
 * by the IPv4 address they carry: {@code 64:ff9b::a9fe:a9fe} is {@code 169.254.169.254}.
 *
 * <p>The ranges are the IANA special-purpose registries' "not globally reachable" entries; the parsing and
 * containment are the ipaddress library's, so that no hand-written bit twiddling decides what is inside.
 */
final class InternalAddresses {

    private static final List<IPAddress> IPV4 = blocks(
            "0.0.0.0/8",
            "10.0.0.0/8",
            "100.64.0.0/10",
            "127.0.0.0/8",
            "169.254.0.0/16",
            "172.16.0.0/12",
            "192.0.0.0/24",
            "192.0.2.0/24",
            "192.88.99.0/24",
            "192.168.0.0/16",
            "198.18.0.0/15",
            "198.51.100.0/24",
            "203.0.113.0/24",
            "224.0.0.0/4",
            "240.0.0.0/4");

    /** IPv6 ranges judged as a whole; the forms embedding IPv4 are handled before these. */
    private static final List<IPAddress> IPV6 = blocks(
            "::/128",
            "::1/128",
            "64:ff9b:1::/48",
            "100::/64",
            "2001::/23",
            "2001:db8::/32",
            "fc00::/7",
            "fe80::/10",
            "fec0::/10",
            "ff00::/8");

    private static final IPAddress NAT64 = block("64:ff9b::/96");

    private InternalAddresses() {}

    /** Whether {@code address} is anything but a globally routed unicast address. */
    static boolean isInternal(InetAddress address) {
        return isInternal(of(address));
    }

    static boolean isInternal(IPAddress address) {
        if (address instanceof IPv4Address v4) {
            return IPV4.stream().anyMatch(block -> block.contains(v4));
        }
        IPv6Address v6 = ((IPv6Address) address).removeZone();
        if (v6.isIPv4Mapped() || v6.isIPv4Compatible() || NAT64.contains(v6)) {
            // ::ffff:a.b.c.d, ::a.b.c.d and 64:ff9b::a.b.c.d reach a.b.c.d (:: and ::1 are IPv4-compatible too)
            return v6.isLoopback() || v6.isAnyLocal() || isInternal(v6.getEmbeddedIPv4Address());
        }
        if (v6.is6To4()) {
            return isInternal(v6.get6To4IPv4Address());
        }
        return IPV6.stream().anyMatch(block -> block.contains(v6));
    }

    /** The library's form of a JDK address. */
    static IPAddress of(InetAddress address) {
        return address instanceof Inet4Address v4 ? new IPv4Address(v4) : new IPv6Address((Inet6Address) address);
    }

    private static List<IPAddress> blocks(String... cidrs) {
        return List.of(cidrs).stream().map(InternalAddresses::block).toList();
    }

    private static IPAddress block(String cidr) {
        return new IPAddressString(cidr).getAddress().toPrefixBlock();
    }
}
