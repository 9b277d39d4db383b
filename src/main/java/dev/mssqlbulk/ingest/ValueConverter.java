package dev.mssqlbulk.ingest;

/** Turns the raw text of one field into the Java value the Vert.x MSSQL client binds for its column's type. */
@FunctionalInterface
public interface ValueConverter {

    /**
     * @return the value to bind, or {@code null} for SQL NULL
     * @throws ValueRejected when the text is not a value of the column's type
     */
    Object convert(String raw) throws ValueRejected;
}
