package dev.mssqlbulk.callback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The <a href="https://www.standardwebhooks.com/">Standard Webhooks</a> signature, sent next to the older
 * {@link WebhookSignature} so that a receiver can refuse replays: {@value #ID} (one per job, the same on every
 * attempt and every re-send, so duplicates can be dropped), {@value #TIMESTAMP} (seconds since the epoch, per
 * attempt: a receiver refuses old ones) and {@value #SIGNATURE}: {@code v1,<base64(HMAC-SHA256(key,
 * id + "." + timestamp + "." + body))>}.
 *
 * <p>The key is the instance's {@code signature-key} as UTF-8 bytes, as for the older header. A Standard Webhooks
 * library takes its secret as {@code whsec_<base64 of the key bytes>}.
 */
public final class StandardWebhookSignature {

    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";

    private static final String VERSION = "v1,";
    private static final String ALGORITHM = "HmacSHA256";

    private StandardWebhookSignature() {}

    /** The {@value #SIGNATURE} value; the key must not be empty. */
    public static String sign(String key, String id, long timestampSeconds, byte[] body) {
        return VERSION + Base64.getEncoder().encodeToString(hmac(key, id, timestampSeconds, body));
    }

    /**
     * Whether one of the space-separated signatures in {@code headerValue} is the {@code v1} signature of this
     * message (constant-time comparison). The caller checks the timestamp's age.
     */
    public static boolean verify(String key, String id, long timestampSeconds, byte[] body, String headerValue) {
        if (key == null || key.isEmpty() || id == null || body == null || headerValue == null) {
            return false;
        }
        byte[] expected = hmac(key, id, timestampSeconds, body);
        for (String candidate : headerValue.trim().split(" +")) {
            if (!candidate.startsWith(VERSION)) {
                continue;
            }
            try {
                if (MessageDigest.isEqual(
                        expected, Base64.getDecoder().decode(candidate.substring(VERSION.length())))) {
                    return true;
                }
            } catch (IllegalArgumentException malformed) {
                // not base64: not a match
            }
        }
        return false;
    }

    private static byte[] hmac(String key, String id, long timestampSeconds, byte[] body) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("The signature key is empty");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
