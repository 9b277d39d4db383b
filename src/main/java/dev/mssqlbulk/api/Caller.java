package dev.mssqlbulk.api;

import dev.mssqlbulk.instance.Instance;
import jakarta.enterprise.context.RequestScoped;

/** Who is calling: the instance their credentials selected, and the request's id for error replies. */
@RequestScoped
public class Caller {

    private Instance instance;
    private String requestId;

    public Instance instance() {
        if (instance == null) {
            throw new ApiException(401, "not authenticated");
        }
        return instance;
    }

    void authenticated(Instance instance) {
        this.instance = instance;
    }

    public String requestId() {
        return requestId;
    }

    void requestId(String requestId) {
        this.requestId = requestId;
    }
}
