/**
 * Runs the packaged service ({@code target/quarkus-app/quarkus-run.jar}) as real child processes against an emulator
 * in the test JVM, for tests that kill ({@code SIGKILL}), pause ({@code SIGSTOP}) and restart replicas: the process
 * harness, a cluster of replicas on one database, a small HTTP client of the bulk API, and the ITs that use them.
 * May use the emulator and the JDK; never the service's classes (the service under test is the other process).
 */
package dev.mssqlbulk.process;
