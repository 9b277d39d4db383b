/**
 * What the service knows about SQL Server itself, apart from any one job: names and their quoting, what each error
 * number means for a job ({@code ServerErrors}, {@code ServerFailures}), the limits that shape statements, the
 * service's own table names, how a value read from the server is written as text, and which product a server is
 * (SQL Server, Azure SQL, Babelfish) with what it does differently. It uses nothing else of the service, so every
 * other package may ask it.
 */
package dev.mssqlbulk.sqlserver;
