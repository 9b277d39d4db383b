package dev.mssqlbulk.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mssqlbulk.callback.CallbackConfig;
import dev.mssqlbulk.instance.BulkConfig;
import dev.mssqlbulk.staging.StagingConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Validates the deployment manifests under {@code k8s/} without a cluster: structure, probes and ports, graceful
 * shutdown timing, the staging volume, and that every {@code MSSQL_BULK_*} / {@code QUARKUS_*} variable they set is a
 * real configuration key of the application (read from its {@code @ConfigMapping} interfaces). The object-storage
 * overlay ({@code k8s/object-storage/}) is checked on its own: it removes the PVC and selects the bucket.
 */
class KubernetesManifestsTest {

    static final Path K8S =
            Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("k8s");

    static final String APP = "mssql-bulk";
    static final String LIVE = "/q/health/live";
    static final String READY = "/q/health/ready";
    static final String STAGING_DIRECTORY = "MSSQL_BULK_STAGING_DIRECTORY";
    static final String SHUTDOWN_TIMEOUT = "QUARKUS_SHUTDOWN_TIMEOUT";
    static final String NODE_ID = "MSSQL_BULK_NODE_ID";
    static final String KNATIVE_FILE = "knative-service.yaml";
    static final String KUSTOMIZATION_FILE = "kustomization.yaml";

    /** apiVersion + kind of every resource the manifests may contain. */
    static final Set<String> EXPECTED_KINDS = Set.of(
            "v1 ConfigMap",
            "v1 Secret",
            "v1 PersistentVolumeClaim",
            "v1 Service",
            "apps/v1 Deployment",
            "autoscaling/v2 HorizontalPodAutoscaler",
            "policy/v1 PodDisruptionBudget",
            "serving.knative.dev/v1 Service",
            "kustomize.config.k8s.io/v1beta1 Kustomization");

    /** The few Quarkus keys the manifests may set (QUARKUS_* variables are not checked against Quarkus' metadata). */
    static final Set<String> QUARKUS_ALLOWED = Set.of(
            "QUARKUS_SHUTDOWN_TIMEOUT",
            "QUARKUS_LOG_CONSOLE_JSON_ENABLED",
            "QUARKUS_HTTP_PORT",
            "QUARKUS_MANAGEMENT_ENABLED");

    /** Instance keys that are secrets: they belong in the Secret, and only they do. */
    static final Set<String> SECRET_LEAVES = Set.of("password", "element-token", "user-secrets", "signature-key");

    static final ConfigKeys CONFIG_KEYS = ConfigKeys.of(BulkConfig.class, CallbackConfig.class, StagingConfig.class);

    record Doc(Path file, Map<String, Object> body) {
        String apiVersion() {
            return (String) body.get("apiVersion");
        }

        String kind() {
            return (String) body.get("kind");
        }

        String name() {
            return str(body, "metadata", "name");
        }

        String type() {
            return apiVersion() + " " + kind();
        }

        @Override
        public String toString() {
            return kind() + " " + name() + " (" + file.getFileName() + ")";
        }
    }

    static List<Doc> docs;

    @BeforeAll
    static void load() throws IOException {
        assertTrue(Files.isDirectory(K8S), "no k8s directory at " + K8S);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(K8S, 1)) { // the base; object-storage/ is checked on its own below
            files = walk.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        }
        assertFalse(files.isEmpty(), "no YAML files in " + K8S);
        docs = new ArrayList<>();
        for (Path file : files) {
            List<Object> parsed = parseAll(Files.readString(file, StandardCharsets.UTF_8));
            assertFalse(parsed.isEmpty(), file + " holds no document");
            for (Object document : parsed) {
                docs.add(new Doc(file, asMap(document, file + ": a document")));
            }
        }
    }

    /** Every document of a YAML stream, read strictly: no duplicate keys, no arbitrary Java types. */
    private static List<Object> parseAll(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        List<Object> documents = new ArrayList<>();
        new Yaml(new SafeConstructor(options)).loadAll(text).forEach(document -> {
            if (document != null) {
                documents.add(document);
            }
        });
        return documents;
    }

    // ------------------------------------------------------------------------------------------------ structure

    @Test
    void everyDocumentIsAKnownResourceWithNameAndLabels() {
        Set<String> seen = new HashSet<>();
        for (Doc doc : docs) {
            assertInstanceOf(String.class, doc.body.get("apiVersion"), doc.file + ": apiVersion");
            assertInstanceOf(String.class, doc.body.get("kind"), doc.file + ": kind");
            assertNotNull(doc.name(), doc.file + ": metadata.name");
            assertTrue(doc.name().matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?"), doc + ": not a DNS name");
            assertTrue(
                    EXPECTED_KINDS.contains(doc.type()),
                    doc + ": unexpected " + doc.type() + "; expected one of " + new TreeSet<>(EXPECTED_KINDS));
            assertTrue(seen.add(doc.type() + "/" + doc.name()), doc + " is defined twice");
            if (!doc.kind().equals("Kustomization")) {
                assertEquals(
                        APP,
                        str(doc.body, "metadata", "labels", "app.kubernetes.io/name"),
                        doc + ": label app.kubernetes.io/name");
            }
        }
        for (String type : EXPECTED_KINDS) {
            assertEquals(1, docs.stream().filter(d -> d.type().equals(type)).count(), "resources of type " + type);
        }
    }

    // ------------------------------------------------------------------------------------------------ deployment

    @Test
    void probesUseTheHealthEndpointsOnTheManagementPort() {
        Map<String, Object> container = container(deployment());
        int containerPort = managementPort(container);
        assertEquals(LIVE, str(container, "livenessProbe", "httpGet", "path"), "liveness probe path");
        assertEquals(READY, str(container, "readinessProbe", "httpGet", "path"), "readiness probe path");
        assertEquals(LIVE, str(container, "startupProbe", "httpGet", "path"), "startup probe path");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertEquals(
                    containerPort, resolvePort(container, at(container, probe, "httpGet", "port")), probe + " port");
            assertTrue(number(container, probe, "failureThreshold") >= 1, probe + " failureThreshold");
            assertTrue(number(container, probe, "periodSeconds") >= 1, probe + " periodSeconds");
        }
        long startupBudget = number(container, "startupProbe", "periodSeconds")
                * number(container, "startupProbe", "failureThreshold");
        assertTrue(startupBudget >= 30, "the startup probe gives the JVM only " + startupBudget + "s to start");
    }

    @Test
    void serviceTargetsTheContainerPort() {
        Doc service = one("v1 Service");
        Map<String, Object> container = container(deployment());
        List<Object> ports = list(service.body, "spec", "ports");
        assertEquals(1, ports.size(), "service ports");
        assertEquals(80L, number(ports.get(0), "port"), "service port");
        assertEquals(
                containerPort(container),
                resolvePort(container, at(ports.get(0), "targetPort")),
                "service targetPort must be the container port");
        assertEquals("ClusterIP", str(service.body, "spec", "type"));
    }

    @Test
    void managementPortIsQuarkusOwnAndNotExposedByTheService() throws IOException {
        Map<String, Object> container = container(deployment());
        Properties application = new Properties();
        try (var in = Files.newInputStream(K8S.resolveSibling("src/main/resources/application.properties"))) {
            application.load(in);
        }
        assertEquals("true", application.getProperty("quarkus.management.enabled"), "management interface on");
        assertEquals(
                application.getProperty("quarkus.management.port"),
                String.valueOf(managementPort(container)),
                "the container's management port is the one Quarkus listens on");
        for (Object port : list(one("v1 Service").body, "spec", "ports")) {
            assertTrue(
                    resolvePort(container, at(port, "targetPort")) != managementPort(container),
                    "the Service must not expose the management port (readiness details, metrics)");
        }
    }

    @Test
    void gracePeriodOutlastsPreStopAndShutdownTimeout() {
        Doc deployment = deployment();
        long grace = number(deployment.body, "spec", "template", "spec", "terminationGracePeriodSeconds");
        String timeout = configMapData().get(SHUTDOWN_TIMEOUT);
        assertNotNull(timeout, "the ConfigMap sets " + SHUTDOWN_TIMEOUT);
        Duration shutdown = quarkusDuration(timeout);
        long preStop = preStopSeconds(container(deployment));
        assertTrue(preStop >= 1, "a preStop sleep lets endpoints drain before SIGTERM");
        assertTrue(
                grace > shutdown.toSeconds() + preStop,
                "terminationGracePeriodSeconds " + grace + " must exceed preStop " + preStop + "s + " + SHUTDOWN_TIMEOUT
                        + " " + timeout);
    }

    @Test
    void stagingVolumeIsTheSharedClaimMountedAtTheStagingDirectory() {
        String staging = configMapData().get(STAGING_DIRECTORY);
        assertNotNull(staging, "the ConfigMap sets " + STAGING_DIRECTORY);
        Doc pvc = one("v1 PersistentVolumeClaim");
        assertEquals("mssql-bulk-staging", pvc.name());
        assertTrue(
                list(pvc.body, "spec", "accessModes").contains("ReadWriteMany"),
                "the staging claim must be ReadWriteMany so that any replica can resume a job");
        for (Doc workload : List.of(deployment(), knative())) {
            Map<String, Object> podSpec = podSpec(workload);
            Map<String, Object> mount = mountAt(container(workload), staging)
                    .orElseThrow(() ->
                            new AssertionError(workload + ": nothing mounted at " + STAGING_DIRECTORY + " " + staging));
            Map<String, Object> volume = volume(podSpec, (String) mount.get("name"));
            assertEquals(
                    pvc.name(),
                    str(volume, "persistentVolumeClaim", "claimName"),
                    workload + ": the staging volume must be the shared claim");
            assertFalse(Boolean.TRUE.equals(mount.get("readOnly")), workload + ": staging mount is read-only");
        }
    }

    @Test
    void resourcesAreSetForTheJvm() {
        for (Doc workload : List.of(deployment(), knative())) {
            Map<String, Object> container = container(workload);
            long requestMemory = memoryBytes(str(container, "resources", "requests", "memory"));
            long limitMemory = memoryBytes(str(container, "resources", "limits", "memory"));
            assertNotNull(str(container, "resources", "requests", "cpu"), workload + ": cpu request");
            assertTrue(limitMemory >= requestMemory, workload + ": memory limit below the request");
            assertTrue(requestMemory >= 256L << 20, workload + ": the JVM needs at least 256Mi");
            String javaOpts = envValue(container, "JAVA_OPTS_APPEND");
            assertNotNull(javaOpts, workload + ": JAVA_OPTS_APPEND");
            assertTrue(javaOpts.contains("-XX:MaxRAMPercentage="), workload + ": heap sized from the limit");
            assertTrue(
                    javaOpts.contains("-Djava.util.logging.manager=org.jboss.logmanager.LogManager"),
                    workload + ": JAVA_OPTS_APPEND replaces the image's value, keep the log manager flag");
        }
    }

    @Test
    void nodeIdComesFromThePodName() {
        Map<String, Object> env = envVar(container(deployment()), NODE_ID)
                .orElseThrow(() -> new AssertionError("the Deployment sets " + NODE_ID));
        assertEquals("metadata.name", str(env, "valueFrom", "fieldRef", "fieldPath"), NODE_ID + " source");
        assertFalse(configMapData().containsKey(NODE_ID), NODE_ID + " differs per pod, not in the ConfigMap");
    }

    @Test
    void podIsHardenedAndSpreadAndRollsWithoutLosingCapacity() {
        Doc deployment = deployment();
        Map<String, Object> podSpec = podSpec(deployment);
        Map<String, Object> container = container(deployment);
        assertEquals(true, at(podSpec, "securityContext", "runAsNonRoot"), "runAsNonRoot");
        assertEquals("RuntimeDefault", str(podSpec, "securityContext", "seccompProfile", "type"), "seccomp");
        assertEquals(true, at(container, "securityContext", "readOnlyRootFilesystem"), "readOnlyRootFilesystem");
        assertEquals(false, at(container, "securityContext", "allowPrivilegeEscalation"), "allowPrivilegeEscalation");
        assertEquals(List.of("ALL"), list(container, "securityContext", "capabilities", "drop"), "capabilities");
        assertTrue(mountAt(container, "/tmp").isPresent(), "a read-only root filesystem needs a writable /tmp");
        assertEquals(
                0L, number(deployment.body, "spec", "strategy", "rollingUpdate", "maxUnavailable"), "maxUnavailable");
        assertEquals(2L, number(deployment.body, "spec", "replicas"), "replicas");
        List<Object> antiAffinity =
                list(podSpec, "affinity", "podAntiAffinity", "preferredDuringSchedulingIgnoredDuringExecution");
        assertEquals("kubernetes.io/hostname", at(antiAffinity.get(0), "podAffinityTerm", "topologyKey"));
        assertTrue(
                podLabels(deployment)
                        .entrySet()
                        .containsAll(
                                stringMap(at(antiAffinity.get(0), "podAffinityTerm", "labelSelector", "matchLabels"))
                                        .entrySet()),
                "anti-affinity selects the app's own pods");
        Map<String, Object> annotations = map(deployment.body, "spec", "template", "metadata", "annotations");
        assertEquals("true", annotations.get("prometheus.io/scrape"), "prometheus.io/scrape");
        assertEquals("/q/metrics", annotations.get("prometheus.io/path"), "prometheus.io/path");
        assertEquals(
                String.valueOf(managementPort(container)), annotations.get("prometheus.io/port"), "prometheus.io/port");
    }

    // ------------------------------------------------------------------------------------------------ configuration

    @Test
    void everyApplicationVariableIsARealConfigurationKey() {
        Map<String, String> origin = new TreeMap<>();
        configMapData().keySet().forEach(k -> origin.put(k, "ConfigMap"));
        secretData().keySet().forEach(k -> origin.put(k, "Secret"));
        for (Doc workload : List.of(deployment(), knative())) {
            for (Object env : listOrEmpty(container(workload), "env")) {
                origin.put(str(env, "name"), workload.toString());
            }
        }
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, String> e : origin.entrySet()) {
            String name = e.getKey();
            if (name.startsWith("MSSQL_BULK_") && CONFIG_KEYS.match(name).isEmpty()) {
                unknown.add(name + " (" + e.getValue() + ")");
            } else if (name.startsWith("QUARKUS_") && !QUARKUS_ALLOWED.contains(name)) {
                unknown.add(name + " (" + e.getValue() + "; allowed Quarkus keys: " + QUARKUS_ALLOWED + ")");
            }
        }
        assertTrue(
                unknown.isEmpty(),
                "environment variables that set no configuration key of the application: "
                        + unknown + "\nknown keys: "
                        + CONFIG_KEYS.keys().stream()
                                .map(ConfigKeys.Key::pattern)
                                .sorted()
                                .toList());
    }

    @Test
    void secretHoldsExactlyTheSecretKeysAndTheConfigMapNone() {
        Map<String, String> configMap = configMapData();
        Map<String, String> secret = secretData();
        Set<String> instances = new TreeSet<>();
        for (String name : concat(configMap.keySet(), secret.keySet())) {
            CONFIG_KEYS
                    .match(name)
                    .map(ConfigKeys.Match::mapKey)
                    .filter(Objects::nonNull)
                    .ifPresent(instances::add);
        }
        assertFalse(instances.isEmpty(), "the example configures at least one connector instance");
        for (String name : configMap.keySet()) {
            assertFalse(isSecret(name), name + " is a secret: move it from the ConfigMap to the Secret");
        }
        Set<String> expected = new TreeSet<>();
        for (String instance : instances) {
            for (String leaf : SECRET_LEAVES) {
                expected.add("MSSQL_BULK_INSTANCES_" + instance + "_" + ConfigKeys.envName(leaf));
            }
        }
        assertEquals(expected, new TreeSet<>(secret.keySet()), "keys of the Secret");
        // every required key of every instance is set somewhere
        Set<String> set = concat(configMap.keySet(), secret.keySet());
        for (String instance : instances) {
            for (ConfigKeys.Key key : CONFIG_KEYS.keys()) {
                if (key.underMap() && key.required() && key.pattern().startsWith("mssql-bulk.instances.*.")) {
                    String env = "MSSQL_BULK_INSTANCES_" + instance + "_" + ConfigKeys.envName(key.leaf());
                    assertTrue(set.contains(env), "instance " + instance + " needs " + env);
                }
            }
        }
        secret.forEach((k, v) -> assertTrue(
                v.startsWith("CHANGE-ME"),
                "the example Secret must hold obvious placeholders only, not " + k + "=" + v));
    }

    @Test
    void configMapValuesAreStrings() {
        Doc configMap = one("v1 ConfigMap");
        map(configMap.body, "data")
                .forEach((k, v) -> assertInstanceOf(
                        String.class, v, "ConfigMap value of " + k + " must be a string: quote it (" + v + ")"));
        assertFalse(configMap.body.containsKey("binaryData"));
    }

    @Test
    void workloadsTakeTheirEnvironmentFromTheConfigMapAndTheSecret() {
        String configMap = one("v1 ConfigMap").name();
        String secret = one("v1 Secret").name();
        for (Doc workload : List.of(deployment(), knative())) {
            List<Object> envFrom = list(container(workload), "envFrom");
            Set<String> refs = envFrom.stream()
                    .map(e -> Optional.ofNullable(str(e, "configMapRef", "name"))
                            .map(n -> "configMap/" + n)
                            .orElseGet(() -> "secret/" + str(e, "secretRef", "name")))
                    .collect(Collectors.toSet());
            assertEquals(Set.of("configMap/" + configMap, "secret/" + secret), refs, workload + ": envFrom");
        }
    }

    @Test
    void durationsAndKeysOfTheConfigMapParse() {
        Map<String, String> data = configMapData();
        for (String name : List.of(
                SHUTDOWN_TIMEOUT,
                "MSSQL_BULK_JOB_LEASE",
                "MSSQL_BULK_RETRY_INITIAL_BACKOFF",
                "MSSQL_BULK_RETRY_MAX_BACKOFF",
                "MSSQL_BULK_CALLBACK_INITIAL_BACKOFF",
                "MSSQL_BULK_CALLBACK_MAX_BACKOFF",
                "MSSQL_BULK_CALLBACK_TIMEOUT")) {
            if (data.containsKey(name)) {
                assertTrue(quarkusDuration(data.get(name)).toMillis() > 0, name + " is a positive duration");
            }
        }
        for (String url : data.entrySet().stream()
                .filter(e -> e.getKey().endsWith("_URL"))
                .map(Map.Entry::getValue)
                .toList()) {
            assertTrue(url.matches("sqlserver://[^/:]+(:\\d+)?/[^/]+"), "sqlserver://host:port/database, not " + url);
        }
    }

    // ------------------------------------------------------------------------------------------------ others

    @Test
    void hpaScalesTheDeployment() {
        Doc hpa = one("autoscaling/v2 HorizontalPodAutoscaler");
        Doc deployment = deployment();
        assertEquals("Deployment", str(hpa.body, "spec", "scaleTargetRef", "kind"));
        assertEquals("apps/v1", str(hpa.body, "spec", "scaleTargetRef", "apiVersion"));
        assertEquals(deployment.name(), str(hpa.body, "spec", "scaleTargetRef", "name"), "HPA target");
        long min = number(hpa.body, "spec", "minReplicas");
        long max = number(hpa.body, "spec", "maxReplicas");
        assertEquals(2, min, "minReplicas");
        assertEquals(10, max, "maxReplicas");
        Object metric = list(hpa.body, "spec", "metrics").get(0);
        assertEquals("cpu", str(metric, "resource", "name"));
        assertEquals(70L, number(metric, "resource", "target", "averageUtilization"));
        assertTrue(
                number(hpa.body, "spec", "behavior", "scaleDown", "stabilizationWindowSeconds") >= 300,
                "scale-down stabilization");
    }

    @Test
    void selectorsMatchThePodLabels() {
        Doc deployment = deployment();
        Map<String, String> podLabels = podLabels(deployment);
        Map<String, String> deploymentSelector = stringMap(at(deployment.body, "spec", "selector", "matchLabels"));
        Map<String, String> pdbSelector =
                stringMap(at(one("policy/v1 PodDisruptionBudget").body, "spec", "selector", "matchLabels"));
        Map<String, String> serviceSelector = stringMap(at(one("v1 Service").body, "spec", "selector"));
        for (Map.Entry<String, Map<String, String>> selector : Map.of(
                        "Deployment",
                        deploymentSelector,
                        "PodDisruptionBudget",
                        pdbSelector,
                        "Service",
                        serviceSelector)
                .entrySet()) {
            assertFalse(selector.getValue().isEmpty(), selector.getKey() + " selector is empty");
            assertTrue(
                    podLabels.entrySet().containsAll(selector.getValue().entrySet()),
                    selector.getKey() + " selector " + selector.getValue() + " does not match pod labels " + podLabels);
        }
        long minAvailable = number(one("policy/v1 PodDisruptionBudget").body, "spec", "minAvailable");
        assertTrue(
                minAvailable < number(deployment.body, "spec", "replicas"),
                "minAvailable must stay below the replica count, or node drains block");
    }

    @Test
    void kustomizationListsTheKubernetesResourcesButNotKnative() {
        Doc kustomization = one("kustomize.config.k8s.io/v1beta1 Kustomization");
        assertEquals(KUSTOMIZATION_FILE, kustomization.file.getFileName().toString());
        Path dir = kustomization.file.getParent();
        Set<String> listed = new LinkedHashSet<>();
        for (Object resource : list(kustomization.body, "resources")) {
            assertInstanceOf(String.class, resource);
            assertTrue(
                    Files.isRegularFile(dir.resolve((String) resource)),
                    "kustomization lists " + resource + ", which does not exist");
            assertTrue(listed.add((String) resource), resource + " listed twice");
        }
        Set<String> expected = docs.stream()
                .map(d -> dir.relativize(d.file).toString())
                .filter(f -> !f.equals(KNATIVE_FILE) && !f.equals(KUSTOMIZATION_FILE))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, new TreeSet<>(listed), "kustomization resources");
        assertFalse(listed.contains(KNATIVE_FILE), "the Knative Service is applied on its own");
    }

    @Test
    void knativeServiceIsServerlessWithTheSameProbesAndConfiguration() {
        Doc knative = knative();
        assertEquals(KNATIVE_FILE, knative.file.getFileName().toString());
        Map<String, Object> spec = map(knative.body, "spec", "template", "spec");
        assertTrue(number(spec, "containerConcurrency") > 0, "containerConcurrency");
        assertTrue(number(spec, "timeoutSeconds") >= 300, "timeoutSeconds holds long uploads and Prefer: wait");
        Map<String, Object> annotations = map(knative.body, "spec", "template", "metadata", "annotations");
        assertEquals("0", annotations.get("autoscaling.knative.dev/min-scale"), "min-scale");
        assertInstanceOf(String.class, annotations.get("autoscaling.knative.dev/max-scale"), "max-scale");
        annotations.forEach((k, v) -> assertInstanceOf(String.class, v, "annotation " + k + " must be a string"));
        Map<String, Object> container = container(knative);
        assertEquals(LIVE, str(container, "livenessProbe", "httpGet", "path"), "liveness probe path");
        assertEquals(READY, str(container, "readinessProbe", "httpGet", "path"), "readiness probe path");
        List<Object> ports = list(container, "ports");
        assertEquals(1, ports.size(), "Knative takes one container port");
        assertEquals(
                "false",
                envVar(container, "QUARKUS_MANAGEMENT_ENABLED")
                        .map(e -> String.valueOf(e.get("value")))
                        .orElse(null),
                "Knative probes the serving port: health stays there (without details)");
        assertTrue(Set.of("http1", "h2c").contains(str(ports.get(0), "name")), "Knative port name http1 or h2c");
        assertEquals(containerPort(container(deployment())), containerPort(container), "same port as the Deployment");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            Object port = at(container, probe, "httpGet", "port");
            if (port != null) {
                assertEquals(containerPort(container), resolvePort(container, port), probe + " port");
            }
        }
        assertFalse(
                envVar(container, NODE_ID).map(e -> e.containsKey("valueFrom")).orElse(false),
                "the downward API (fieldRef) is behind a Knative feature flag; the host name is the default node id");
        assertTrue(
                podSpec(knative).get("securityContext") == null,
                "pod securityContext is behind a Knative feature flag; set it on the container");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    // ------------------------------------------------------------------------------------------------ object storage

    static final Path OBJECT_STORAGE = K8S.resolve("object-storage");

    @Test
    void objectStorageOverlayBuildsOnTheBaseWithoutTheSharedVolume() throws IOException {
        Map<String, Object> overlay = overlay();
        assertEquals(
                "kustomize.config.k8s.io/v1beta1 Kustomization", overlay.get("apiVersion") + " " + overlay.get("kind"));
        assertEquals(List.of("..", "staging-credentials.yaml"), list(overlay, "resources"));
        Object deletePvc = overlayPatch("PersistentVolumeClaim");
        assertEquals("delete", str(deletePvc, "$patch"));
        assertEquals(
                str(one("v1 PersistentVolumeClaim").body, "metadata", "name"),
                str(deletePvc, "metadata", "name"),
                "the base's claim is the one deleted");
        // the Deployment patch replaces volumes[0]: that must be the base's staging volume
        List<Object> baseVolumes = list(podSpec(deployment()), "volumes");
        assertEquals("staging", str(baseVolumes.get(0), "name"), "volumes[0] of the base Deployment");
        List<Object> ops = asList(overlayPatch("Deployment"));
        Object volume = ops.stream()
                .filter(op -> "/spec/template/spec/volumes/0".equals(str(op, "path")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no patch of the staging volume"));
        assertEquals("replace", str(volume, "op"));
        assertEquals("staging", str(volume, "value", "name"));
        assertNotNull(at(volume, "value", "emptyDir"), "local scratch is an emptyDir");
        assertTrue(
                ops.stream()
                        .anyMatch(op -> "mssql-bulk-staging-credentials".equals(str(op, "value", "secretRef", "name"))),
                "the credentials Secret is injected");
    }

    @Test
    void objectStorageSelectsTheBucketWithRealConfigurationKeys() throws IOException {
        Map<String, String> added = new TreeMap<>();
        for (Object op : asList(overlayPatch("ConfigMap"))) {
            String path = str(op, "path");
            assertTrue(path.startsWith("/data/"), "ConfigMap patches set data only: " + path);
            assertInstanceOf(String.class, at(op, "value"), path + " must be a string");
            added.put(path.substring("/data/".length()), (String) at(op, "value"));
        }
        assertEquals("s3", added.get("MSSQL_BULK_STAGING_TYPE"));
        assertFalse(added.getOrDefault("MSSQL_BULK_STAGING_S3_BUCKET", "").isBlank(), "a bucket is named");
        Map<String, String> credentials =
                stringMap(at(readOne(OBJECT_STORAGE.resolve("staging-credentials.yaml")), "stringData"));
        assertEquals(
                Set.of("MSSQL_BULK_STAGING_S3_ACCESS_KEY_ID", "MSSQL_BULK_STAGING_S3_SECRET_ACCESS_KEY"),
                credentials.keySet());
        credentials.forEach((k, v) -> assertTrue(v.startsWith("CHANGE-ME"), k + " must be an obvious placeholder"));
        List<String> unknown = new ArrayList<>();
        for (String name : concat(added.keySet(), credentials.keySet())) {
            if (!name.startsWith("MSSQL_BULK_") || CONFIG_KEYS.match(name).isEmpty()) {
                unknown.add(name);
            }
        }
        assertTrue(unknown.isEmpty(), "variables that set no configuration key: " + unknown);
        assertTrue(
                configMapData().containsKey("MSSQL_BULK_STAGING_FREE_SPACE_FLOOR"),
                "the overlay replaces a key the base sets");
    }

    @Test
    void objectStorageKnativeServiceNeedsNoClaim() throws IOException {
        Map<String, Object> knative = readOne(OBJECT_STORAGE.resolve(KNATIVE_FILE));
        assertEquals("serving.knative.dev/v1 Service", knative.get("apiVersion") + " " + knative.get("kind"));
        Map<String, Object> spec = map(knative, "spec", "template", "spec");
        for (Object volume : list(spec, "volumes")) {
            assertTrue(at(volume, "persistentVolumeClaim") == null, "no claim: " + volume);
        }
        Map<String, Object> container = asMap(list(spec, "containers").get(0), "container");
        String stagingDirectory = configMapData().get(STAGING_DIRECTORY);
        Object mount = list(container, "volumeMounts").stream()
                .filter(m -> stagingDirectory.equals(str(m, "mountPath")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted at " + stagingDirectory));
        Object volume = list(spec, "volumes").stream()
                .filter(v -> str(mount, "name").equals(str(v, "name")))
                .findFirst()
                .orElseThrow();
        assertNotNull(at(volume, "emptyDir"), "the staging directory is local scratch");
        Set<String> sources = new TreeSet<>();
        for (Object source : list(container, "envFrom")) {
            sources.add(
                    Optional.ofNullable(str(source, "configMapRef", "name")).orElse(str(source, "secretRef", "name")));
        }
        assertEquals(Set.of("mssql-bulk-config", "mssql-bulk-secrets", "mssql-bulk-staging-credentials"), sources);
        assertEquals(container(knative()).get("image"), container.get("image"), "the same image as the base variant");
    }

    private static Map<String, Object> overlay() throws IOException {
        return readOne(OBJECT_STORAGE.resolve(KUSTOMIZATION_FILE));
    }

    /** The parsed patch of the overlay's patch whose target has {@code kind}. */
    private static Object overlayPatch(String kind) throws IOException {
        for (Object patch : list(overlay(), "patches")) {
            if (kind.equals(str(patch, "target", "kind"))) {
                List<Object> parsed = parseAll(str(patch, "patch"));
                assertEquals(1, parsed.size(), kind + " patch");
                return parsed.get(0);
            }
        }
        throw new AssertionError("the overlay has no patch of a " + kind);
    }

    private static Map<String, Object> readOne(Path file) throws IOException {
        List<Object> parsed = parseAll(Files.readString(file, StandardCharsets.UTF_8));
        assertEquals(1, parsed.size(), file + " holds one document");
        return asMap(parsed.get(0), file.toString());
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object value) {
        assertInstanceOf(List.class, value);
        return (List<Object>) value;
    }

    static Doc one(String type) {
        List<Doc> found = docs.stream().filter(d -> d.type().equals(type)).toList();
        assertEquals(1, found.size(), "resources of type " + type + ": " + found);
        return found.get(0);
    }

    static Doc deployment() {
        return one("apps/v1 Deployment");
    }

    static Doc knative() {
        return one("serving.knative.dev/v1 Service");
    }

    static Map<String, Object> podSpec(Doc workload) {
        return map(workload.body, "spec", "template", "spec");
    }

    static Map<String, String> podLabels(Doc workload) {
        return stringMap(at(workload.body, "spec", "template", "metadata", "labels"));
    }

    static Map<String, Object> container(Doc workload) {
        List<Object> containers = list(podSpec(workload), "containers");
        assertEquals(1, containers.size(), workload + ": containers");
        Map<String, Object> container = asMap(containers.get(0), workload + ": container");
        assertEquals(APP, container.get("name"), workload + ": container name");
        return container;
    }

    /** The serving port: the only port of a Knative container, the one named {@code http} of the Deployment's. */
    static int containerPort(Map<String, Object> container) {
        List<Object> ports = list(container, "ports");
        if (ports.size() == 1) {
            return (int) number(ports.get(0), "containerPort");
        }
        return resolvePort(container, "http");
    }

    /** The Deployment's management interface port (health, metrics). */
    static int managementPort(Map<String, Object> container) {
        assertEquals(2, list(container, "ports").size(), "container ports: http and management");
        return resolvePort(container, "management");
    }

    /** A probe or Service targetPort (number or port name) resolved to the container port number it means. */
    static int resolvePort(Map<String, Object> container, Object port) {
        assertNotNull(port, "port");
        if (port instanceof Integer || port instanceof Long) {
            return ((Number) port).intValue();
        }
        for (Object p : list(container, "ports")) {
            if (port.equals(at(p, "name"))) {
                return (int) number(p, "containerPort");
            }
        }
        throw new AssertionError("no container port named " + port);
    }

    static Optional<Map<String, Object>> mountAt(Map<String, Object> container, String path) {
        return listOrEmpty(container, "volumeMounts").stream()
                .map(m -> asMap(m, "volumeMount"))
                .filter(m -> path.equals(m.get("mountPath")))
                .findFirst();
    }

    static Map<String, Object> volume(Map<String, Object> podSpec, String name) {
        return list(podSpec, "volumes").stream()
                .map(v -> asMap(v, "volume"))
                .filter(v -> name.equals(v.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    static Optional<Map<String, Object>> envVar(Map<String, Object> container, String name) {
        return listOrEmpty(container, "env").stream()
                .map(e -> asMap(e, "env"))
                .filter(e -> name.equals(e.get("name")))
                .findFirst();
    }

    static String envValue(Map<String, Object> container, String name) {
        return envVar(container, name).map(e -> (String) e.get("value")).orElse(null);
    }

    static long preStopSeconds(Map<String, Object> container) {
        Object sleep = at(container, "lifecycle", "preStop", "sleep", "seconds");
        if (sleep != null) {
            return number(container, "lifecycle", "preStop", "sleep", "seconds");
        }
        List<Object> command = listOrEmpty(container, "lifecycle", "preStop", "exec", "command");
        Matcher m = Pattern.compile("sleep\\s+(\\d+)")
                .matcher(String.join(" ", command.stream().map(String::valueOf).toList()));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    static Map<String, String> configMapData() {
        return stringMap(at(one("v1 ConfigMap").body, "data"));
    }

    static Map<String, String> secretData() {
        Doc secret = one("v1 Secret");
        Map<String, String> data = new LinkedHashMap<>(stringMap(at(secret.body, "stringData")));
        Map<String, String> encoded = stringMap(at(secret.body, "data"));
        encoded.forEach(
                (k, v) -> data.put(k, new String(java.util.Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        return data;
    }

    static boolean isSecret(String env) {
        return CONFIG_KEYS
                .match(env)
                .map(m -> m.key().underMap() && SECRET_LEAVES.contains(m.key().leaf()))
                .orElse(false);
    }

    /** Quarkus' duration syntax: a number of seconds, a number with ms/s/m/h/d (any case), or ISO-8601. */
    static Duration quarkusDuration(String text) {
        String value = text.trim();
        if (value.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        Matcher m =
                Pattern.compile("(\\d+)(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE).matcher(value);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        return Duration.parse(value.toUpperCase(Locale.ROOT).startsWith("P") ? value : "PT" + value);
    }

    /** A Kubernetes memory quantity in bytes: 300Mi, 1Gi, 512M, 1000000. */
    static long memoryBytes(String quantity) {
        assertNotNull(quantity, "memory quantity");
        Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?").matcher(quantity);
        assertTrue(m.matches(), "memory quantity " + quantity);
        long factor = switch (Objects.toString(m.group(2), "")) {
            case "Ki" -> 1L << 10;
            case "Mi" -> 1L << 20;
            case "Gi" -> 1L << 30;
            case "Ti" -> 1L << 40;
            case "k" -> 1_000L;
            case "M" -> 1_000_000L;
            case "G" -> 1_000_000_000L;
            case "T" -> 1_000_000_000_000L;
            default -> 1L;
        };
        return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(factor)).longValue();
    }

    static Set<String> concat(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /** The node at {@code path} (map keys), or null when any step is missing. */
    static Object at(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(key);
        }
        return current;
    }

    static String str(Object node, String... path) {
        Object value = at(node, path);
        if (value != null && !(value instanceof String)) {
            fail(String.join(".", path) + " is not a string: " + value);
        }
        return (String) value;
    }

    static long number(Object node, String... path) {
        Object value = at(node, path);
        assertTrue(value instanceof Integer || value instanceof Long, String.join(".", path) + " must be an integer");
        return ((Number) value).longValue();
    }

    static Map<String, Object> map(Object node, String... path) {
        return asMap(at(node, path), String.join(".", path));
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node, String... path) {
        Object value = at(node, path);
        assertInstanceOf(List.class, value, String.join(".", path) + " must be a list");
        return (List<Object>) value;
    }

    static List<Object> listOrEmpty(Object node, String... path) {
        return at(node, path) == null ? List.of() : list(node, path);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value, String what) {
        if (!(value instanceof Map)) {
            throw new AssertionError(what + " must be a mapping, not " + value);
        }
        return (Map<String, Object>) value;
    }

    static Map<String, String> stringMap(Object value) {
        if (value == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        asMap(value, "mapping").forEach((k, v) -> out.put(k, v == null ? null : String.valueOf(v)));
        return out;
    }
}
