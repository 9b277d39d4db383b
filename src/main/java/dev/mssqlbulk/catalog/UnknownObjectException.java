package dev.mssqlbulk.catalog;

/** The instance exposes no object of that name (it does not exist, or the table filter hides it). */
public class UnknownObjectException extends RuntimeException {

    public UnknownObjectException(String objectName) {
        super("object '" + objectName + "' does not exist or is not exposed by this instance");
    }
}
