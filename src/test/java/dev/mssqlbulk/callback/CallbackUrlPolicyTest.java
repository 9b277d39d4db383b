package dev.mssqlbulk.callback;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallbackUrlPolicyTest {

    private final CallbackUrlPolicy defaults = new CallbackUrlPolicy(TestCallbackConfig.defaults());

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            https://hooks.example.com/jobs/42?token=abc        | accepted
            http://hooks.example.com:8080/cb                   | accepted
            HTTPS://Hooks.Example.COM/cb                       | accepted
            http://127.0.0.1:9000/cb                           | accepted
            http://[::1]:9000/cb                               | accepted
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
        CallbackUrlPolicy policy = new CallbackUrlPolicy(TestCallbackConfig.defaults()
                .withAllowedHosts("hooks.example.com", "*.elements.example.org", "169.254.169.254"));

        assertVerdict(policy, url, expected);
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
        CallbackUrlPolicy policy = new CallbackUrlPolicy(TestCallbackConfig.defaults()
                .withDeniedHosts("*.INTERNAL", "10.0.0.7"));

        assertVerdict(policy, url, expected);
    }

    @Test
    void returnsTheUrlItAccepted() {
        assertEquals(URI.create("https://hooks.example.com/jobs/42?token=abc"),
                defaults.check("https://hooks.example.com/jobs/42?token=abc"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0xA9FEA9FE", "2852039166", "0251.0376.0251.0376", "169.254.43518", "[::ffff:169.254.169.254]",
            "169.254.169.254.", "[::169.254.169.254]"})
    void readsEveryFormOfAnIpv4LiteralAsTheSameAddress(String host) {
        assertEquals("169.254.169.254", CallbackUrlPolicy.canonicalHost(host));
    }

    private static void assertVerdict(CallbackUrlPolicy policy, String url, String expected) {
        if (expected.equals("accepted")) {
            assertEquals(URI.create(url), policy.check(url));
        } else {
            CallbackUrlRejected rejected = assertThrows(CallbackUrlRejected.class, () -> policy.check(url));
            assertTrue(rejected.getMessage().contains(expected),
                    () -> "expected a message containing '" + expected + "', got: " + rejected.getMessage());
        }
    }
}
