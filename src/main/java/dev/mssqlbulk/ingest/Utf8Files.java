package dev.mssqlbulk.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Opens uploads as strict UTF-8: an optional byte order mark is dropped, and bytes that are not UTF-8 fail the read. */
final class Utf8Files {

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private Utf8Files() {
    }

    /**
     * A reader of {@code file} past its byte order mark, if any. Invalid UTF-8 makes a read throw
     * {@link java.nio.charset.CharacterCodingException} rather than be replaced.
     */
    static Reader reader(Path file) throws IOException {
        InputStream in = afterBom(file);
        return new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    /** A buffered stream of {@code file}'s bytes past its byte order mark, if any. */
    static InputStream afterBom(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file));
        try {
            in.mark(UTF8_BOM.length);
            if (!Arrays.equals(in.readNBytes(UTF8_BOM.length), UTF8_BOM)) {
                in.reset();
            }
            return in;
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }
}
