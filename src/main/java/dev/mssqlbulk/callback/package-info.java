/**
 * Telling a job's callback URL how the job ended: the URL policy that keeps callbacks away from internal addresses,
 * the signed POST (the connector's own signature and Standard Webhooks headers) and its retries. Knows nothing of
 * jobs or databases: it sends a body to a URL.
 */
package dev.mssqlbulk.callback;
