package dev.mssqlbulk.instance;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The {@code table-names} setting: comma-separated patterns with {@code *} wildcards, matched case-insensitively. */
public final class TableFilter {

    private final List<Pattern> patterns;

    private TableFilter(List<Pattern> patterns) {
        this.patterns = patterns;
    }

    public static TableFilter of(List<String> globs) {
        return new TableFilter(globs.stream()
                .map(String::trim)
                .filter(g -> !g.isEmpty())
                .map(TableFilter::toPattern)
                .toList());
    }

    public static TableFilter all() {
        return new TableFilter(List.of());
    }

    public boolean allows(String tableName) {
        return patterns.isEmpty()
                || patterns.stream().anyMatch(p -> p.matcher(tableName).matches());
    }

    private static Pattern toPattern(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String part : glob.toLowerCase(Locale.ROOT).split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }
}
