package dev.mssqlbulk.instance;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Configured URLs as they may be logged: {@code sqlserver://user:password@host:1433/db?password=...} can carry
 * credentials in its user info and in its properties, so only scheme, host, port and path are kept.
 */
public final class Redacted {

    private Redacted() {}

    /** {@code sqlserver://host:1433/db}, with {@code ***} where user info or properties were. */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null) {
                return "***";
            }
            StringBuilder safe = new StringBuilder().append(uri.getScheme()).append("://");
            if (uri.getRawUserInfo() != null) {
                safe.append("***@");
            }
            safe.append(uri.getHost());
            if (uri.getPort() >= 0) {
                safe.append(':').append(uri.getPort());
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            int semicolon = path.indexOf(';'); // JDBC-style ;key=value properties
            safe.append(semicolon >= 0 ? path.substring(0, semicolon) + ";***" : path);
            if (uri.getRawQuery() != null) {
                safe.append("?***");
            }
            return safe.toString();
        } catch (URISyntaxException e) {
            return "***";
        }
    }
}
