package dev.mssqlbulk.sqlserver;

/**
 * Which server an instance's database runs on, as it says itself: {@code @@VERSION},
 * {@code SERVERPROPERTY('EngineEdition')} and {@code SERVERPROPERTY('babelfish')} (1 on Babelfish, NULL on SQL
 * Server). Read when the instance is first reached and again on every scan, so a failover to another server is
 * noticed.
 *
 * @param version       the first line of {@code @@VERSION}
 * @param engineEdition SQL Server's engine edition (2 Standard, 3 Enterprise, 4 Express, 5 Azure SQL Database,
 *                      8 Azure SQL Managed Instance, ...), 0 when the server does not say
 * @param babelfish     whether the server is Babelfish for PostgreSQL, which speaks TDS and T-SQL over PostgreSQL
 */
public record ServerIdentity(String version, int engineEdition, boolean babelfish) {

    /** Before the server has been reached: assumed to be SQL Server. */
    public static final ServerIdentity UNKNOWN = new ServerIdentity("not reached yet", 0, false);

    /**
     * Whether a bulk load into columns of this kind lands exactly on this server. Babelfish 4.x stores a
     * uniqueidentifier as the bytes of its text, does not pad char/nchar values (and reading them back then breaks
     * the connection), and leaves columns outside the bulk load NULL instead of giving them their defaults.
     *
     * @param dataType           the column's type name, lower case
     * @return null when it lands exactly, else why not
     */
    public String bulkLoadFlaw(String dataType) {
        if (!babelfish) {
            return null;
        }
        return switch (dataType) {
            case "uniqueidentifier" -> "Babelfish stores a bulk-loaded uniqueidentifier as the bytes of its text";
            case "char", "nchar" -> "Babelfish does not pad a bulk-loaded " + dataType + " value";
            default -> null;
        };
    }

    /** Whether columns left out of a bulk load take their defaults on this server. */
    public boolean bulkLoadAppliesDefaults() {
        return !babelfish;
    }

    /** One line for logs and health details. */
    public String describe() {
        String edition = engineEdition == 0 ? "" : ", engine edition " + engineEdition;
        return (babelfish ? "Babelfish: " : "") + version + edition;
    }

    /** The first line of a {@code @@VERSION} text. */
    public static String firstLine(String version) {
        if (version == null) {
            return "unknown";
        }
        int end = version.indexOf('\n');
        return (end < 0 ? version : version.substring(0, end)).trim();
    }
}
