package dev.mssqlbulk.api;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code /console} answers with a redirect to {@code /console/}: the console's page loads its scripts and styles by
 * relative paths, which must resolve under the directory. Relative, so that it also holds under a root path.
 */
@ApplicationScoped
public class ConsoleRedirect {

    void route(@Observes Router router) {
        // Vert.x matches "/console" to "/console/" too: the handler checks the path itself.
        router.get("/console").order(Integer.MIN_VALUE).handler(context -> {
            if (context.request().path().endsWith("/console")) {
                context.response()
                        .setStatusCode(301)
                        .putHeader("Location", "console/")
                        .end();
            } else {
                context.next();
            }
        });
    }
}
