/**
 * Benchmarks, not tests: the load benchmark ({@code ./mvnw package -Pbench}) runs the packaged service and the
 * emulator as separate processes and prints throughput, CPU and memory side by side. See the README.
 */
package dev.mssqlbulk.bench;
