package dev.mssqlbulk.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactedTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            sqlserver://db.example.com:1433/sales                          | sqlserver://db.example.com:1433/sales
            sqlserver://loader:s3cret@db.example.com:1433/sales            | sqlserver://***@db.example.com:1433/sales
            sqlserver://db.example.com/sales?password=s3cret&user=loader   | sqlserver://db.example.com/sales?***
            sqlserver://db.example.com:1433/sales;password=s3cret          | sqlserver://db.example.com:1433/sales;***
            not a url at all s3cret                                        | ***
            """)
    void keepsOnlySchemeHostPortAndDatabaseOfAConfiguredUrl(String url, String logged) {
        assertEquals(logged, Redacted.url(url));
    }
}
