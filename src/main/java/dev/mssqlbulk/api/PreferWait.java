package dev.mssqlbulk.api;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.RestResponse;

/** The {@code Prefer: wait=<seconds>} request header (RFC 7240), capped by configuration. */
final class PreferWait {

    private static final Pattern WAIT = Pattern.compile("(?:^|[,;\\s])wait\\s*=\\s*\"?(\\d{1,9})\"?");

    private PreferWait() {}

    /** How long to hold the reply: zero without the preference. */
    static Duration parse(String prefer, Duration max) {
        if (prefer == null) {
            return Duration.ZERO;
        }
        Matcher matcher = WAIT.matcher(prefer.toLowerCase(Locale.ROOT));
        if (!matcher.find()) {
            return Duration.ZERO;
        }
        Duration wanted = Duration.ofSeconds(Long.parseLong(matcher.group(1)));
        return wanted.compareTo(max) > 0 ? max : wanted;
    }

    static <T> RestResponse<T> applied(RestResponse.ResponseBuilder<T> reply, Duration wait) {
        if (!wait.isZero()) {
            reply.header("Preference-Applied", "wait=" + wait.toSeconds());
        }
        return reply.build();
    }
}
