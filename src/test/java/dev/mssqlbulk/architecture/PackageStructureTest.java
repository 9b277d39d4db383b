package dev.mssqlbulk.architecture;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The shape of the main code, as the README's code map draws it: packages follow a job's life, each may use only
 * the packages below it, so no package cycle can form; main code never uses the emulator or test support.
 */
class PackageStructureTest {

    private static final String ROOT = "dev.mssqlbulk";

    /** Each main package and the packages it may use: the layers, from the server's facts up to the HTTP API. */
    private static final Map<String, List<String>> MAY_USE = new LinkedHashMap<>();

    static {
        MAY_USE.put("sqlserver", List.of());
        MAY_USE.put("instance", List.of("sqlserver"));
        MAY_USE.put("catalog", List.of("instance", "sqlserver"));
        MAY_USE.put("query", List.of("catalog", "sqlserver"));
        MAY_USE.put("ingest", List.of("catalog", "sqlserver"));
        MAY_USE.put("write", List.of("ingest", "catalog", "instance", "sqlserver"));
        MAY_USE.put("transform", List.of("query", "ingest", "catalog", "instance", "sqlserver"));
        MAY_USE.put("callback", List.of());
        MAY_USE.put("staging", List.of("instance"));
        MAY_USE.put("job", List.of("callback", "staging", "transform", "ingest", "instance", "sqlserver"));
        MAY_USE.put(
                "upload",
                List.of(
                        "job",
                        "callback",
                        "staging",
                        "transform",
                        "write",
                        "ingest",
                        "catalog",
                        "instance",
                        "sqlserver"));
        MAY_USE.put(
                "download",
                List.of(
                        "job",
                        "callback",
                        "staging",
                        "transform",
                        "query",
                        "ingest",
                        "catalog",
                        "instance",
                        "sqlserver"));
        MAY_USE.put(
                "api",
                List.of(
                        "upload",
                        "download",
                        "job",
                        "callback",
                        "staging",
                        "transform",
                        "query",
                        "write",
                        "ingest",
                        "catalog",
                        "instance",
                        "sqlserver"));
    }

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void noPackageCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void eachPackageUsesOnlyThePackagesBelowIt() {
        for (Map.Entry<String, List<String>> entry : MAY_USE.entrySet()) {
            Set<String> forbidden = new TreeSet<>(MAY_USE.keySet());
            forbidden.remove(entry.getKey());
            forbidden.removeAll(entry.getValue());
            if (forbidden.isEmpty()) {
                continue;
            }
            noClasses()
                    .that()
                    .resideInAPackage(ROOT + "." + entry.getKey() + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            forbidden.stream().map(p -> ROOT + "." + p + "..").toArray(String[]::new))
                    .because(entry.getKey() + " may use only " + entry.getValue())
                    .check(MAIN);
        }
    }

    @Test
    void everyMainPackageHasItsPlaceInTheLayers() {
        Set<String> packages = new TreeSet<>();
        MAIN.forEach(c ->
                packages.add(c.getPackageName().substring(ROOT.length() + 1).split("\\.")[0]));
        packages.removeAll(MAY_USE.keySet());
        if (!packages.isEmpty()) {
            throw new AssertionError("main packages missing from the layers of this test and the README: " + packages);
        }
    }

    @Test
    void mainCodeNeverUsesTheEmulatorOrTestSupport() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".emulator..", ROOT + ".testing..", ROOT + ".process..", ROOT + ".bench..")
                .check(MAIN);
    }

    /** Resources stay thin: they may map a database exception to a reply, but never call a database client. */
    @Test
    void theHttpLayerRunsNoSql() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".api..")
                .should()
                .callMethodWhere(target(owner(resideInAnyPackage(
                        "io.vertx.sqlclient..",
                        "io.vertx.mutiny.sqlclient..",
                        "java.sql..",
                        "com.microsoft.sqlserver.."))))
                .check(MAIN);
    }
}
