/**
 * Runs the packaged service against the emulator for a look by hand ({@code ./mvnw package -Prun}).
 */
package dev.mssqlbulk.demo;
