/**
 * Test support shared by the suites: the database for Quarkus tests ({@code MssqlTestResource}) and plain JUnit tests
 * ({@code TestServer}), SQL, metrics and management-port helpers, the API client, webhook receivers and the headless
 * browser. No test lives here.
 */
package dev.mssqlbulk.testing;
