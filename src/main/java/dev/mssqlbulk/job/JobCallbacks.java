package dev.mssqlbulk.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mssqlbulk.callback.CallbackSender;
import dev.mssqlbulk.instance.Instance;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import org.jboss.logging.Logger;

/**
 * Tells a job's callback URL how the job ended: its final status JSON, signed with the instance's key. The job's
 * outcome is settled before; the callback only adds what happened to it (shown as {@code callbackStatus}:
 * delivered, failed or refused by policy). The URL may have been read back from the status table, which a tenant
 * can write: the sender checks it again before every attempt.
 */
@ApplicationScoped
public class JobCallbacks {

    private static final Logger LOG = Logger.getLogger(JobCallbacks.class);

    private final CallbackSender sender;
    private final JobStore store;
    private final JobRegistry registry;
    private final ObjectMapper json;

    private final JobMetrics metrics;

    public JobCallbacks(
            CallbackSender sender, JobStore store, JobRegistry registry, JobMetrics metrics, ObjectMapper json) {
        this.metrics = metrics;
        this.sender = sender;
        this.store = store;
        this.registry = registry;
        this.json = json;
    }

    void jobEnded(Instance instance, JobRecord job) {
        if (job.callbackUrl() == null || !job.status().isFinal()) {
            return;
        }
        String body;
        try {
            body = json.writeValueAsString(JobStatusView.of(job));
        } catch (JsonProcessingException e) {
            LOG.errorf("Job %d: cannot write its status for the callback: %s", job.id(), e.getMessage());
            return;
        }
        URI url;
        try {
            url = new URI(job.callbackUrl());
        } catch (URISyntaxException e) { // read back from the status table: anything may be there
            LOG.warnf("Job %d: its callback URL is not a URL", job.id());
            record(instance, job, "refused by policy");
            return;
        }
        // the same delivery id for every attempt and any re-send of this job's callback: receivers drop duplicates
        sender.send(url, instance.config().signatureKey(), "job_" + job.id(), body, attempt -> {
                    metrics.callbackAttempt(instance.name(), attempt.delivered());
                    record(instance, job, attempt.describe());
                })
                .subscribe()
                .with(outcome -> record(instance, job, outcome.describe()));
    }

    private void record(Instance instance, JobRecord ended, String callbackStatus) {
        long jobId = ended.id();
        registry.live(jobId).ifPresent(job -> registry.put(job.withCallbackStatus(callbackStatus)));
        store.updateCallbackStatus(instance, ended, callbackStatus)
                .subscribe()
                .with(v -> {}, f -> LOG.warnf("Job %d: cannot save the callback status: %s", jobId, f.getMessage()));
    }
}
