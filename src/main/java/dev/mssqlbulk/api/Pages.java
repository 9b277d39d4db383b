package dev.mssqlbulk.api;

import java.util.List;
import java.util.function.Function;
import org.jboss.resteasy.reactive.RestResponse;

/** A page of a listing, the connector's way: Elements-Returned-Count, and Elements-Next-Page-Token when full. */
final class Pages {

    private Pages() {}

    static <T, V> RestResponse<List<V>> reply(
            List<T> page, int pageSize, Function<T, V> view, Function<T, Object> token) {
        RestResponse.ResponseBuilder<List<V>> reply = RestResponse.ResponseBuilder.ok(
                        page.stream().map(view).toList())
                .header("Elements-Returned-Count", page.size());
        if (page.size() == pageSize) {
            reply.header("Elements-Next-Page-Token", String.valueOf(token.apply(page.get(page.size() - 1))));
        }
        return reply.build();
    }
}
