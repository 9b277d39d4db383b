/**
 * End-to-end tests: the whole service in Quarkus test mode, driven through its HTTP API with rest-assured, against
 * the emulator (or a real server when {@code MSSQL_TEST_URL} is set), each test class named by the behaviour it
 * checks. Faults are injected at the database connection ({@code emulator.Faults}), never by replacing a service class.
 */
package dev.mssqlbulk.endtoend;
