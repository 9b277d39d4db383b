package dev.mssqlbulk.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookSignatureTest {

    private static final byte[] BODY =
            "{\"id\":42,\"status\":\"COMPLETED\",\"city\":\"Zürich\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signsTheRfc4231TestCase2AsBase64OfTheHmac() {
        byte[] expected = HexFormat.of().parseHex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");

        String header =
                WebhookSignature.sign("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII));

        assertEquals("sha256=" + Base64.getEncoder().encodeToString(expected), header);
        assertEquals("sha256=W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=", header);
    }

    @Test
    void takesTheKeyAsUtf8BytesLikeAClientComputingItByHand() throws Exception {
        String key = "clé-secrète";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String byHand = "sha256=" + Base64.getEncoder().encodeToString(mac.doFinal(BODY));

        assertEquals(byHand, WebhookSignature.sign(key, BODY));
    }

    @Test
    void verifiesTheSignatureMadeWithTheSameKey() {
        assertTrue(WebhookSignature.verify("s3cret", BODY, WebhookSignature.sign("s3cret", BODY)));
    }

    @Test
    void rejectsASignatureMadeWithAnotherKey() {
        assertFalse(WebhookSignature.verify("s3cret", BODY, WebhookSignature.sign("other", BODY)));
    }

    @Test
    void rejectsATamperedBody() {
        String header = WebhookSignature.sign("s3cret", BODY);
        byte[] tampered = BODY.clone();
        tampered[7] ^= 1;

        assertFalse(WebhookSignature.verify("s3cret", tampered, header));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "sha256=",
                "sha256=%%%not-base64%%%",
                "sha1=W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=",
                "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=",
                "SHA256=W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=",
                "sha256=W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOE",
                "sha256=W9zBRr9gdU5qBCQm"
            })
    void rejectsAMalformedHeader(String header) {
        byte[] body = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);

        assertFalse(WebhookSignature.verify("Jefe", body, header));
    }

    @Test
    void refusesToSignWithAnEmptyKey() {
        assertThrows(IllegalArgumentException.class, () -> WebhookSignature.sign("", BODY));
        assertFalse(WebhookSignature.verify("", BODY, "sha256=W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM="));
    }
}
