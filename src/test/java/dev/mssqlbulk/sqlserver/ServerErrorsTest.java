package dev.mssqlbulk.sqlserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.mssqlclient.MSSQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a server error number means for a job. The rule: a number is the row's fault only when it is known to be
 * (constraints, conversions); the server's own trouble (resources, failover, quota) is transient or fatal, never a
 * row's; a number nobody listed is UNKNOWN, and blames no row without proof.
 */
class ServerErrorsTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "2627, ROW",
        "2601, ROW",
        "547, ROW",
        "515, ROW",
        "8152, ROW",
        "2628, ROW",
        "245, ROW",
        "8115, ROW",
        "242, ROW",
        "4815, ROW",
        "4864, ROW",
        "1205, TRANSIENT", // deadlock victim
        "9002, TRANSIENT", // transaction log full
        "701, TRANSIENT",
        "8645, TRANSIENT", // memory
        "3906, TRANSIENT", // read-only during a failover
        "40549, TRANSIENT",
        "40551, TRANSIENT",
        "40613, TRANSIENT",
        "40197, TRANSIENT",
        "40501, TRANSIENT",
        "1105, FATAL", // filegroup full
        "40544, FATAL", // database size quota
        "208, FATAL",
        "229, FATAL",
        "33557097, UNKNOWN", // Babelfish's one number for many errors
        "50000, UNKNOWN"
    })
    void classifiesServerErrorsByNumber(int number, FailureKind kind) {
        assertEquals(
                kind,
                ServerFailures.classify(new MSSQLException(number, (byte) 1, (byte) 16, "message", null, null, 1)));
    }

    @ParameterizedTest(name = "severity {0} is transient whatever the number")
    @CsvSource({"20", "21", "25"})
    void severityTwentyAndAboveIsTransient(int severity) {
        assertEquals(
                FailureKind.TRANSIENT,
                ServerFailures.classify(new MSSQLException(2627, (byte) 1, (byte) severity, "message", null, null, 1)));
    }
}
