package dev.mssqlbulk.callback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@value #HEADER} header: {@code sha256=<base64(HMAC-SHA256(key, raw body))>}, the key taken as its UTF-8
 * bytes, standard padded base64.
 */
public final class WebhookSignature {

    public static final String HEADER = "Elements-Webhook-Signature";

    private static final String PREFIX = "sha256=";
    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSignature() {}

    /** The header value for {@code body} signed with {@code key}; the key must not be empty. */
    public static String sign(String key, byte[] body) {
        return PREFIX + Base64.getEncoder().encodeToString(hmac(key, body));
    }

    /** Whether {@code headerValue} is the signature of {@code body} with {@code key}; false when malformed. */
    public static boolean verify(String key, byte[] body, String headerValue) {
        if (key == null || key.isEmpty() || body == null || headerValue == null || !headerValue.startsWith(PREFIX)) {
            return false;
        }
        byte[] received;
        try {
            received = Base64.getDecoder().decode(headerValue.substring(PREFIX.length()));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
        return MessageDigest.isEqual(hmac(key, body), received);
    }

    private static byte[] hmac(String key, byte[] body) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("The signature key is empty");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
