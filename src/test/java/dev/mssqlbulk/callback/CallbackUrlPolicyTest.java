package dev.mssqlbulk.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CallbackUrlPolicyTest {

    private final CallbackUrlPolicy defaults = new CallbackUrlPolicy(TestCallbackConfig.defaults());

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            https://hooks.example.com/jobs/42?token=abc        | accepted
            http://hooks.example.com:8080/cb                   | accepted
            HTTPS://Hooks.Example.COM/cb                       | accepted
            http://8.8.8.8/cb                                  | accepted
            http://[2606:4700:4700::1111]/cb                   | accepted
            http://[64:ff9b::808:808]/cb                       | accepted
            http://127.0.0.1:9000/cb                           | internal address
            http://127.1/cb                                    | no valid host
            http://[::1]:9000/cb                               | internal address
            http://0.0.0.0/cb                                  | internal address
            http://[::]/cb                                     | internal address
            http://10.1.2.3/cb                                 | internal address
            http://172.16.0.1/cb                               | internal address
            http://192.168.1.1/cb                              | internal address
            http://100.64.0.1/cb                               | internal address
            http://169.254.170.2/v2/credentials                | not allowed
            http://169.254.1.1/cb                              | internal address
            http://224.0.0.1/cb                                | internal address
            http://255.255.255.255/cb                          | internal address
            http://[fd00:ec2::254]/latest/meta-data            | not allowed
            http://[fd12:3456::1]/cb                           | internal address
            http://[fe80::1]/cb                                | internal address
            http://[ff02::1]/cb                                | internal address
            http://[64:ff9b::a9fe:a9fe]/cb                     | internal address
            http://[64:ff9b::7f00:1]/cb                        | internal address
            http://[::ffff:127.0.0.1]/cb                       | internal address
            http://[::ffff:10.0.0.1]/cb                        | internal address
            http://[::127.0.0.1]/cb                            | internal address
            http://[2002:7f00:1::]/cb                          | internal address
            http://[2001:0::1]/cb                              | internal address
            ftp://hooks.example.com/cb                         | must be an absolute http
            file:///etc/passwd                                 | must be an absolute http
            /jobs/42/callback                                  | must be an absolute http
            hooks.example.com/cb                               | must be an absolute http
            javascript:alert(1)                                | must be an absolute http
            mailto:ops@example.com                             | must be an absolute http
            http:hooks.example.com                             | must be an absolute http
            http:///cb                                         | no valid host
            http://                                            | not a valid URL
            http://hooks example.com/                          | not a valid URL
            NULL                                               | empty
            '   '                                              | empty
            https://user:pass@hooks.example.com/cb             | user info
            https://token@hooks.example.com/cb                 | user info
            http://169.254.169.254/latest/meta-data/           | not allowed
            http://169.254.169.254:80/                         | not allowed
            http://2852039166/                                 | not allowed
            http://0xA9FEA9FE/                                 | not allowed
            http://[::ffff:169.254.169.254]/                   | not allowed
            http://[::ffff:a9fe:a9fe]/                         | not allowed
            http://METADATA.google.internal/computeMetadata/v1 | not allowed
            http://metadata.google.internal./computeMetadata   | not allowed
            http://metadata.azure.com/                         | not allowed
            http://100.100.100.200/latest/meta-data            | not allowed
            """)
    void acceptsOrRefusesWithDefaultSettings(String url, String expected) {
        assertVerdict(defaults, url, expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            https://hooks.example.com/cb                | accepted
            https://HOOKS.EXAMPLE.COM/cb                | accepted
            https://a.b.elements.example.org/cb         | accepted
            https://elements.example.org/cb             | not among the allowed hosts
            https://hooks.example.com.evil.net/cb       | not among the allowed hosts
            https://evil.net/hooks.example.com          | not among the allowed hosts
            https://127.0.0.1/cb                        | not among the allowed hosts
            http://169.254.169.254/                     | not allowed
            """)
    void acceptsOnlyAllowedHostsWhenTheyAreSet(String url, String expected) {
        CallbackUrlPolicy policy = new CallbackUrlPolicy(
                TestCallbackConfig.defaults().withAllowedHosts("hooks.example.com", "*.elements.example.org"));

        assertVerdict(policy, url, expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            http://10.0.0.9/cb                          | accepted
            http://10.200.0.1/cb                        | accepted
            http://[::ffff:10.0.0.9]/cb                 | accepted
            http://11.0.0.1/cb                          | not among the allowed hosts
            http://192.168.0.1/cb                       | not among the allowed hosts
            https://hooks.example.com/cb                | accepted
            """)
    void opensANetworkListedAsCidrAndDecidesNamesWhenTheyResolve(String url, String expected) {
        CallbackUrlPolicy policy =
                new CallbackUrlPolicy(TestCallbackConfig.defaults().withAllowedHosts("10.0.0.0/8"));

        assertVerdict(policy, url, expected);
    }

    @Test
    void refusesANameOutsideTheAllowedNetworksWhenItResolves() {
        CallbackUrlPolicy policy = new CallbackUrlPolicy(
                TestCallbackConfig.defaults().withAllowedHosts("10.0.0.0/8"),
                resolving("hooks.example.com", "93.184.216.34"));

        CallbackRefused refused =
                assertThrows(CallbackRefused.class, () -> policy.target(URI.create("https://hooks.example.com/cb")));
        assertTrue(refused.getMessage().contains("not among the allowed hosts"), refused.getMessage());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            https://hooks.example.com/cb      | accepted
            https://metadata.internal/cb      | not allowed
            https://a.b.internal/cb           | not allowed
            http://10.0.0.7/cb                | not allowed
            http://167772167/cb               | not allowed
            http://0x0a000007/cb              | not allowed
            http://012.0.0.7/cb               | not allowed
            """)
    void refusesConfiguredDeniedHostsWithWildcards(String url, String expected) {
        CallbackUrlPolicy policy =
                new CallbackUrlPolicy(TestCallbackConfig.defaults().withDeniedHosts("*.INTERNAL", "10.0.0.7"));

        assertVerdict(policy, url, expected);
    }

    @Test
    void refusesAHostNameThatResolvesToLoopbackWhenItIsUsed() throws Exception {
        CallbackUrlPolicy policy =
                new CallbackUrlPolicy(TestCallbackConfig.defaults(), resolving("hooks.example.test", "127.0.0.1"));

        assertEquals(
                URI.create("https://hooks.example.test/cb"),
                policy.check("https://hooks.example.test/cb"),
                "a name is not resolved at upload");
        CallbackRefused refused =
                assertThrows(CallbackRefused.class, () -> policy.target(URI.create("https://hooks.example.test/cb")));
        assertTrue(refused.getMessage().contains("internal address"), refused.getMessage());
    }

    @Test
    void refusesLocalhostThroughTheMachinesOwnResolver() {
        CallbackUrlPolicy policy = new CallbackUrlPolicy(TestCallbackConfig.defaults());

        assertThrows(CallbackRefused.class, () -> policy.target(URI.create("http://localhost:8080/cb")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"::1", "fd00:ec2::254", "64:ff9b::a9fe:a9fe", "::ffff:192.168.0.1", "fe80::1%1"})
    void refusesANameWhoseIpv6AddressIsInternal(String address) {
        CallbackUrlPolicy policy =
                new CallbackUrlPolicy(TestCallbackConfig.defaults(), resolving("hooks.example.test", address));

        assertThrows(CallbackRefused.class, () -> policy.target(URI.create("https://hooks.example.test/cb")));
    }

    @Test
    void refusesANameWithOnePublicAndOneInternalAddress() {
        CallbackUrlPolicy policy = new CallbackUrlPolicy(
                TestCallbackConfig.defaults(), resolving("hooks.example.test", "93.184.216.34", "10.0.0.5"));

        assertThrows(CallbackRefused.class, () -> policy.target(URI.create("https://hooks.example.test/cb")));
    }

    @Test
    void givesTheCheckedAddressOfAPublicName() throws Exception {
        CallbackUrlPolicy policy =
                new CallbackUrlPolicy(TestCallbackConfig.defaults(), resolving("hooks.example.test", "93.184.216.34"));

        CallbackTarget target = policy.target(URI.create("https://hooks.example.test/jobs?x=1"));

        assertEquals(InetAddress.getByName("93.184.216.34"), target.address());
        assertEquals("hooks.example.test", target.hostName());
        assertEquals(443, target.port());
        assertEquals("/jobs?x=1", target.requestUri());
    }

    @Test
    void opensAnInternalAddressOnlyWhenAnExactNameOrANetworkListsIt() throws Exception {
        HostResolver internal = resolving("hooks.corp.test", "10.0.0.5");
        URI url = URI.create("https://hooks.corp.test/cb");

        assertEquals(
                InetAddress.getByName("10.0.0.5"),
                new CallbackUrlPolicy(TestCallbackConfig.defaults().withAllowedHosts("hooks.corp.test"), internal)
                        .target(url)
                        .address());
        assertEquals(
                InetAddress.getByName("10.0.0.5"),
                new CallbackUrlPolicy(TestCallbackConfig.defaults().withAllowedHosts("*", "10.0.0.0/24"), internal)
                        .target(url)
                        .address());
        assertThrows(
                CallbackRefused.class,
                () -> new CallbackUrlPolicy(TestCallbackConfig.defaults().withAllowedHosts("*.corp.test"), internal)
                        .target(url),
                "a wildcard does not open internal addresses");
        assertThrows(
                CallbackRefused.class,
                () -> new CallbackUrlPolicy(
                                TestCallbackConfig.defaults().withAllowedHosts("*", "10.0.1.0/24"), internal)
                        .target(url));
    }

    @Test
    void refusesADeniedAddressEvenWhenAnAllowedNetworkContainsIt() {
        CallbackUrlPolicy policy = new CallbackUrlPolicy(
                TestCallbackConfig.defaults().withAllowedHosts("169.254.0.0/16"),
                resolving("creds.test", "169.254.170.2"));

        assertThrows(CallbackRefused.class, () -> policy.target(URI.create("http://creds.test/v2/credentials")));
    }

    @Test
    void checksTheUrlAgainWhenItIsUsed() {
        CallbackUrlPolicy policy =
                new CallbackUrlPolicy(TestCallbackConfig.defaults(), resolving("hooks.example.test", "93.184.216.34"));

        assertThrows(CallbackUrlRejected.class, () -> policy.target(URI.create("file:///etc/passwd")));
        assertThrows(CallbackUrlRejected.class, () -> policy.target(URI.create("http://u:p@hooks.example.test/")));
        assertThrows(CallbackRefused.class, () -> policy.target(URI.create("http://169.254.169.254/")));
    }

    /** A resolver that knows one name (and literals); anything else is unknown. */
    private static HostResolver resolving(String name, String... addresses) {
        return host -> {
            if (!host.equalsIgnoreCase(name)) {
                return HostResolver.SYSTEM.resolve(host.matches("[0-9.:a-fA-F%]+") ? host : "unknown.invalid");
            }
            List<InetAddress> all = new ArrayList<>();
            for (String address : addresses) {
                all.add(InetAddress.getByName(address));
            }
            return all;
        };
    }

    @Test
    void returnsTheUrlItAccepted() {
        assertEquals(
                URI.create("https://hooks.example.com/jobs/42?token=abc"),
                defaults.check("https://hooks.example.com/jobs/42?token=abc"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0xA9FEA9FE",
                "2852039166",
                "0251.0376.0251.0376",
                "169.254.43518",
                "[::ffff:169.254.169.254]",
                "169.254.169.254.",
                "[::169.254.169.254]"
            })
    void readsEveryFormOfAnIpv4LiteralAsTheSameAddress(String host) {
        assertEquals("169.254.169.254", CallbackUrlPolicy.canonicalHost(host));
    }

    private static void assertVerdict(CallbackUrlPolicy policy, String url, String expected) {
        if (expected.equals("accepted")) {
            assertEquals(URI.create(url), policy.check(url));
        } else {
            CallbackUrlRejected rejected = assertThrows(CallbackUrlRejected.class, () -> policy.check(url));
            assertTrue(
                    rejected.getMessage().contains(expected),
                    () -> "expected a message containing '" + expected + "', got: " + rejected.getMessage());
        }
    }
}
