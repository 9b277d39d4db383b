package dev.mssqlbulk.callback;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves a callback host to its addresses, once per attempt; the sender then connects to an address that was
 * checked, never to the name again (a second lookup could answer differently: DNS rebinding). An interface so that
 * tests can make a name resolve to loopback without touching the machine's DNS.
 */
@FunctionalInterface
public interface HostResolver {

    /** The JVM's resolver (hosts file and DNS, with the JVM's cache). Blocking. */
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /** Every address of {@code host} (an IP literal resolves to itself); blocking. */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
