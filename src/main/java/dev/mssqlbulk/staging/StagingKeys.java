package dev.mssqlbulk.staging;

import java.util.regex.Pattern;

/**
 * What a key may look like: relative, {@code /}-separated, each segment a plain name ({@code [A-Za-z0-9._-]}, not
 * starting with a dot). The service derives keys from the instance's directory name and the job id, as the
 * directory layout always did ({@code <instance-dir>/<jobId>.csv}, {@code <instance-dir>/<jobId>.result.jsonl}); this
 * check makes a key that could leave the store's directory or prefix fail loudly instead of reaching another file.
 */
public final class StagingKeys {

    /** A plain name not starting with a dot: hidden names are the directory store's unfinished writes. */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,254}");

    private static final int MAX_LENGTH = 512;

    private StagingKeys() {}

    /** The key, if it is a valid relative key; otherwise an {@link IllegalArgumentException}. */
    public static String require(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("staging key empty or too long");
        }
        for (String segment : key.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException("not a staging key: " + key);
            }
        }
        return key;
    }

    /** A listing prefix: empty, or a valid key optionally followed by {@code /}. */
    public static String requirePrefix(String prefix) {
        if (prefix.isEmpty()) {
            return prefix;
        }
        require(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        return prefix;
    }

    /** The key for a segment list, each checked: {@code of("inst", "12.csv")} is {@code inst/12.csv}. */
    public static String of(String... segments) {
        return require(String.join("/", segments));
    }
}
