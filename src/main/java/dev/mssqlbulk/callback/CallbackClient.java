package dev.mssqlbulk.callback;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The callback request, for {@link CallbackSender} only: built per callback URL, it posts to that URL itself. */
public interface CallbackClient {

    /** Posts {@code body} as is; no signature header when {@code signature} is null. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> post(@HeaderParam(WebhookSignature.HEADER) String signature, String body);
}
