/**
 * The configured connector instances: the configuration ({@code BulkConfig}, every key overridable by environment
 * variable), each instance's reactive pool and JDBC connector, table filters, what server an instance talks to and
 * whether it is ready. May use only {@code sqlserver}.
 */
package dev.mssqlbulk.instance;
