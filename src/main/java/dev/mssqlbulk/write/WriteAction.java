package dev.mssqlbulk.write;

import dev.mssqlbulk.ingest.UploadRejected;
import java.util.Arrays;
import java.util.Locale;

/** What an upload does with each row: the contract's {@code metaData.action}. */
public enum WriteAction {
    CREATE,
    UPSERT,
    UPDATE,
    DELETE;

    public static WriteAction parse(String action) {
        try {
            return valueOf(action.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UploadRejected("metaData: action '" + action + "' is not one of "
                    + Arrays.stream(values()).map(WriteAction::wireName).toList());
        }
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
