package dev.mssqlbulk.sqlserver;

import java.util.Map;

/**
 * What each server error number means for a job, in one table. A number that is not here is {@link
 * FailureKind#UNKNOWN}: it is not taken as a row's fault until that row has failed alone twice and the statement
 * has been seen to work for other rows (see {@code IsolatingBatchRunner}). Servers that speak T-SQL without being
 * SQL Server (Babelfish answers many errors with the one number 33557097) therefore never make good rows fail.
 *
 * <p>Besides this table: severity 20 and above (the server closed the session) is transient, and so is a lost
 * connection or a driver timeout (SQLSTATE class 08, HYT00, HY008), see {@link ServerFailures#classify}.
 */
public final class ServerErrors {

    private ServerErrors() {}

    static final Map<Integer, FailureKind> BY_NUMBER = Map.ofEntries(
            // ---- a row's data: constraints
            row(2627), // PRIMARY KEY or UNIQUE constraint violated
            row(2601), // duplicate key in a unique index
            row(547), // FOREIGN KEY or CHECK constraint
            row(515), // NULL into a NOT NULL column
            row(544), // explicit value for an identity column without IDENTITY_INSERT
            row(8672), // MERGE source holds one key twice
            // ---- a row's data: conversion, length, range
            row(8152), // string or binary data would be truncated
            row(2628), // the same, naming the column (2019+)
            row(245), // conversion of a value to int (etc.) failed
            row(8114), // error converting data type
            row(8115), // arithmetic overflow converting to a type
            row(220), // arithmetic overflow for a data type
            row(232), // arithmetic overflow for type, value
            row(241), // conversion failed converting date and/or time from a string
            row(242), // conversion of a string to datetime produced an out-of-range value
            row(517), // adding a value to a date column caused an overflow
            row(8134), // divide by zero
            row(8169), // conversion to uniqueidentifier failed
            row(8116), // argument data type is invalid for an argument of a function
            row(4815), // bulk load: invalid column length from the bcp client
            row(4816), // bulk load: invalid column type
            row(4863), // bulk load data conversion error (truncation)
            row(4864), // bulk load data conversion error (type mismatch or invalid character)
            row(4865), // bulk load: more than the maximum number of columns
            row(4867), // bulk load data conversion error (overflow)
            row(9809), // style not supported for a conversion
            // ---- the server or the network: try the same work again after a pause
            transientError(1205), // deadlock victim
            transientError(1222), // lock request timeout
            transientError(701), // not enough memory to run the query
            transientError(8645), // timeout waiting for memory resources
            transientError(8651), // memory grant could not be obtained
            transientError(9002), // transaction log full (frees up after a log backup or a checkpoint)
            transientError(3906), // database is read-only (a failover moment, before the new primary answers)
            transientError(233), // no process at the other end of the pipe
            transientError(4060), // cannot open the database (Azure: during reconfiguration)
            transientError(4221), // login to a read-secondary failed during redo
            transientError(10053),
            transientError(10054),
            transientError(10060), // transport-level errors
            transientError(10928),
            transientError(10929), // Azure resource governance limits
            transientError(40143),
            transientError(40197),
            transientError(40501),
            transientError(40540),
            transientError(40613), // Azure: service busy, reconfiguring, database unavailable
            transientError(40549), // Azure: long-running transaction ended
            transientError(40551), // Azure: excessive tempdb usage
            transientError(49918),
            transientError(49919),
            transientError(49920), // Azure: too many operations
            // ---- the statement, the table or the database: the job cannot go on
            fatal(102),
            fatal(156),
            fatal(207),
            fatal(208),
            fatal(229),
            fatal(230),
            fatal(262),
            fatal(297),
            fatal(1088),
            fatal(2812),
            fatal(3701),
            fatal(4902),
            fatal(8003),
            fatal(8144),
            fatal(18456),
            fatal(1105), // filegroup full: an operator must add space
            fatal(40544), // Azure: database size quota reached
            fatal(4834)); // no permission to bulk load

    private static Map.Entry<Integer, FailureKind> row(int number) {
        return Map.entry(number, FailureKind.ROW);
    }

    private static Map.Entry<Integer, FailureKind> transientError(int number) {
        return Map.entry(number, FailureKind.TRANSIENT);
    }

    private static Map.Entry<Integer, FailureKind> fatal(int number) {
        return Map.entry(number, FailureKind.FATAL);
    }

    static FailureKind classify(int number, int severity) {
        FailureKind known = BY_NUMBER.get(number);
        if (known == FailureKind.TRANSIENT || severity >= 20) {
            return FailureKind.TRANSIENT;
        }
        return known == null ? FailureKind.UNKNOWN : known;
    }
}
