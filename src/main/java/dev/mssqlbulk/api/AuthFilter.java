package dev.mssqlbulk.api;

import dev.mssqlbulk.instance.Instances;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Authenticates every API request; the instance the credentials select is the only one the request can reach. */
public class AuthFilter {

    private final Instances instances;
    private final Caller caller;

    public AuthFilter(Instances instances, Caller caller) {
        this.instances = instances;
        this.caller = caller;
    }

    @ServerRequestFilter
    public void authenticate(ContainerRequestContext request) {
        String requestId = request.getHeaderString("X-Request-Id");
        caller.requestId(
                requestId == null || requestId.isBlank() ? UUID.randomUUID().toString() : requestId);
        Credentials credentials = Credentials.parse(request.getHeaderString(HttpHeaders.AUTHORIZATION))
                .orElseThrow(() -> new ApiException(
                        401, "missing or malformed Authorization header; expected 'Element <token>, User <secret>'"));
        caller.authenticated(instances
                .authenticate(credentials.elementToken(), credentials.userSecret())
                .orElseThrow(() -> new ApiException(401, "invalid element token or user secret")));
    }
}
