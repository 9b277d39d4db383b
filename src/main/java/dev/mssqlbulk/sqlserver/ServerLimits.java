package dev.mssqlbulk.sqlserver;

/** SQL Server's limits that shape the statements the service sends, in one place. */
public final class ServerLimits {

    /** Parameters SQL Server accepts in one request, the RPC's own included. */
    public static final int MAX_PARAMETERS_PER_REQUEST = 2100;
    /**
     * Parameters a statement may bind for values (a batch's rows, a query's literals). The request limit also counts
     * the RPC's own parameters (sp_prepexec/sp_executesql take the handle, the parameter declarations and the
     * statement text) and statement-level ones (a page's TOP, OFFSET and FETCH, the last key of a page by key), so
     * 100 are left for those.
     */
    public static final int PARAMETER_BUDGET = MAX_PARAMETERS_PER_REQUEST - 100;
    /** Rows in one {@code VALUES} list. */
    public static final int MAX_ROWS_PER_VALUES = 1000;

    private ServerLimits() {}
}
