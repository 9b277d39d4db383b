/**
 * Benchmarks, not tests: they start the packaged service and a database (the emulator as its own process, or a real
 * server) and print figures; nothing here asserts a time. {@link dev.mssqlbulk.bench.BareBulkCopyLoader} is the
 * reference loader that the load benchmark compares the service with. Code here may use the emulator, the JDBC
 * driver and FastCSV, and never main code's classes: it drives the service from outside, over HTTP.
 */
package dev.mssqlbulk.bench;
