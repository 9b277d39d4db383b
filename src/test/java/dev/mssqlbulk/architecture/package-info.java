/**
 * Tests of the code's shape: the package layers and their allowed dependencies, no package cycles, no main code
 * using test code.
 */
package dev.mssqlbulk.architecture;
