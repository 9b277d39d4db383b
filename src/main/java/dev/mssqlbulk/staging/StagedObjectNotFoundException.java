package dev.mssqlbulk.staging;

import java.nio.file.NoSuchFileException;

/**
 * No object is stored under the key. A {@link NoSuchFileException}, so that code written for staged files (which
 * catches that for "the upload is gone") keeps its meaning with any store.
 */
public class StagedObjectNotFoundException extends NoSuchFileException {

    public StagedObjectNotFoundException(String key) {
        super(key, null, "no staged object");
    }
}
