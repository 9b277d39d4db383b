package dev.mssqlbulk.emulator.sql;

import java.util.Set;

/** An error as SQL Server reports it: number, state, class (severity) and message. */
public final class SqlServerError extends Exception {
    /** Errors after which SQL Server stops the rest of the batch (compile and conversion errors). */
    private static final Set<Integer> BATCH_ABORTING =
            Set.of(102, 105, 137, 156, 195, 207, 208, 241, 245, 8114, 8169, 1205, 2812, 3902, 3903);

    public final int number;
    public final int state;
    public final int severity;

    public SqlServerError(int number, int state, int severity, String message) {
        super(message, null, false, false);
        this.number = number;
        this.state = state;
        this.severity = severity;
    }

    public static SqlServerError of(int number, int severity, String message) {
        return new SqlServerError(number, 1, severity, message);
    }

    public static SqlServerError syntax(String near) {
        return new SqlServerError(102, 1, 15, "Incorrect syntax near '" + near + "'.");
    }

    public static SqlServerError unsupported(String what) {
        return new SqlServerError(40000, 1, 16, "The emulator does not support " + what + ".");
    }

    /** 208: the table or view does not exist. */
    public static SqlServerError invalidObject(String name) {
        return new SqlServerError(208, 1, 16, "Invalid object name '" + name + "'.");
    }

    /** 2714: CREATE of a name that is taken. */
    public static SqlServerError alreadyExists(String name) {
        return new SqlServerError(2714, 6, 16, "There is already an object named '" + name + "' in the database.");
    }

    public boolean abortsBatch() {
        return BATCH_ABORTING.contains(number);
    }

    /** Errors raised while compiling: a prepared statement handle is not returned after these. */
    public boolean compileError() {
        return number == 102
                || number == 156
                || number == 105
                || number == 137
                || number == 195
                || number == 207
                || number == 208
                || number == 2812;
    }

    @Override
    public String toString() {
        return "Msg " + number + ", Level " + severity + ", State " + state + ": " + getMessage();
    }
}
