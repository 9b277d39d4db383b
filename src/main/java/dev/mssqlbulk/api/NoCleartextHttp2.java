package dev.mssqlbulk.api;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * No HTTP/2 over cleartext. A client that asks to upgrade an HTTP/1.1 request to h2c (the JDK's HTTP client does so
 * by default) sends the request's whole body with the upgrade, and the server holds that body in memory until the
 * upgrade completes: a large upload then exhausts the heap on the event loop instead of streaming to disk. Such a
 * request is answered as the HTTP/1.1 request it also is. HTTP/2 over TLS (ALPN) is unaffected; in a cluster, TLS
 * and HTTP/2 usually end at the ingress anyway.
 */
@ApplicationScoped
public class NoCleartextHttp2 implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(false);
    }
}
