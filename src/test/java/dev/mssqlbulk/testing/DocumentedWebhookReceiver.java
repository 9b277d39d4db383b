package dev.mssqlbulk.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A callback receiver's checks written from README.md ("Verifying callbacks") alone, with no code of the
 * service: if the documentation and the service disagree, the callback tests fail.
 */
public final class DocumentedWebhookReceiver {

    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final byte[] key;

    public DocumentedWebhookReceiver(String signatureKey) {
        this.key = signatureKey.getBytes(StandardCharsets.UTF_8);
    }

    /** Elements-Webhook-Signature: sha256=base64(HMAC-SHA256(key, raw body)). */
    public boolean elementsSignatureValid(Map<String, String> headers, byte[] rawBody) throws Exception {
        String header = headers.get("elements-webhook-signature");
        if (header == null || !header.startsWith("sha256=")) {
            return false;
        }
        return constantTimeEquals(hmac(rawBody), header.substring("sha256=".length()));
    }

    /**
     * Standard Webhooks: webhook-timestamp within five minutes of now, and one of the space-separated v1
     * signatures equal to base64(HMAC-SHA256(key, id + "." + timestamp + "." + raw body)).
     */
    public boolean standardSignatureValid(Map<String, String> headers, byte[] rawBody, Instant now) throws Exception {
        String id = headers.get("webhook-id");
        String timestamp = headers.get("webhook-timestamp");
        String signatures = headers.get("webhook-signature");
        if (id == null || timestamp == null || signatures == null) {
            return false;
        }
        Instant sent = Instant.ofEpochSecond(Long.parseLong(timestamp));
        if (Duration.between(sent, now).abs().compareTo(TOLERANCE) > 0) {
            return false;
        }
        byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[prefix.length + rawBody.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(rawBody, 0, signed, prefix.length, rawBody.length);
        for (String signature : signatures.split(" ")) {
            if (signature.startsWith("v1,") && constantTimeEquals(hmac(signed), signature.substring(3))) {
                return true;
            }
        }
        return false;
    }

    private byte[] hmac(byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static boolean constantTimeEquals(byte[] expected, String base64) {
        return MessageDigest.isEqual(Base64.getEncoder().encode(expected), base64.getBytes(StandardCharsets.US_ASCII));
    }
}
