package dev.mssqlbulk.write;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mssqlbulk.sqlserver.FailureKind;
import dev.mssqlbulk.sqlserver.ServerFailures;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Errors mssql-jdbc raises itself carry no server error number; their SQLSTATE class decides. */
class SqlServerDialectDriverErrorsTest {

    @ParameterizedTest(name = "SQLSTATE {0} is {1}")
    @CsvSource({
        "08S01, TRANSIENT", // connection reset, lost reply
        "08006, TRANSIENT", // connection failure
        "HYT00, TRANSIENT", // timeout
        "HY008, TRANSIENT", // a bulk copy or query cancelled by its timeout
        "22003, ROW", // numeric value out of range
        "23000, ROW", // integrity constraint
        "S0002, FATAL", // object not found
        "42000, FATAL"
    }) // syntax or access
    void classifiesDriverErrorsBySqlState(String state, FailureKind kind) {
        SQLException error = new SQLException("driver says no", state);
        assertEquals(kind, ServerFailures.classify(new CompletionException(error)));
        assertEquals(0, ServerFailures.errorNumber(error));
        assertEquals("driver says no", ServerFailures.describe(new CompletionException(error)));
    }

    @org.junit.jupiter.api.Test
    void aLostConnectionWrappedInADriverErrorIsTransient() {
        SQLException reset =
                new SQLException("Connection reset", "08S01", new java.net.SocketException("Connection reset"));
        SQLException wrapped = new SQLException("Unable to retrieve column metadata.", null, reset);
        assertEquals(FailureKind.TRANSIENT, ServerFailures.classify(wrapped));
        assertEquals(
                FailureKind.TRANSIENT,
                ServerFailures.classify(
                        new SQLException("I/O", null, new java.net.SocketTimeoutException("Read timed out"))));
        assertEquals(
                FailureKind.FATAL, ServerFailures.classify(new SQLException("Unable to retrieve column metadata.")));
    }
}
