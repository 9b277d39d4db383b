/**
 * The HTTP API: thin JAX-RS resources returning {@code Uni}/{@code Multi}, authentication of the caller, the upload
 * guard that refuses a body before it is read and the reader that stores an upload's file part as it arrives (a
 * Vert.x route ahead of the REST layer), and the mapping of every exception to a JSON error. No SQL here: the
 * resources call {@code upload}, {@code download}, {@code job} and {@code catalog}.
 */
package dev.mssqlbulk.api;
