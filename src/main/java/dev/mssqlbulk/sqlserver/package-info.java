/**
 * What the service knows about the server it talks to, apart from any one job: which product it is (SQL Server,
 * Azure SQL, Babelfish) and what that product is known to do differently. It depends on nothing else of the
 * service, so that configuration, writers and jobs may all ask it.
 */
package dev.mssqlbulk.sqlserver;
