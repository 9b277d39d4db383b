package dev.mssqlbulk.api;

import java.util.Locale;
import java.util.Optional;

/** The parts of {@code Authorization: Element <token>, User <secret>}, in either order, extra spaces tolerated. */
record Credentials(String elementToken, String userSecret) {

    static Optional<Credentials> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String element = null;
        String user = null;
        for (String part : header.split(",")) {
            String trimmed = part.trim();
            int space = trimmed.indexOf(' ');
            if (space < 0) {
                return Optional.empty();
            }
            String scheme = trimmed.substring(0, space).toLowerCase(Locale.ROOT);
            String value = trimmed.substring(space + 1).trim();
            if (value.isEmpty()) {
                return Optional.empty();
            }
            switch (scheme) {
                case "element" -> element = value;
                case "user" -> user = value;
                default -> {
                    return Optional.empty();
                }
            }
        }
        return element == null || user == null ? Optional.empty() : Optional.of(new Credentials(element, user));
    }
}
