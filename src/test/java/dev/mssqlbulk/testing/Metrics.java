package dev.mssqlbulk.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the service's Prometheus samples from {@code /q/metrics}. */
public final class Metrics {

    private Metrics() {}

    /** The value of a sample with exactly these labels, 0 when it is not there yet. */
    public static double sample(String name, String labels) {
        String text = Management.request()
                .get("/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Matcher matcher = Pattern.compile(
                        "^" + Pattern.quote(name + "{" + labels + "}") + " (\\S+)$", Pattern.MULTILINE)
                .matcher(text);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    /** Rows an instance's create jobs wrote with {@code writer} ({@code bulk-copy} or {@code batch}). */
    public static double rowsCreated(String instance, String writer) {
        return sample(
                "mssqlbulk_rows_written_total",
                "action=\"create\",instance=\"" + instance + "\",writer=\"" + writer + "\"");
    }
}
