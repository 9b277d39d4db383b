package dev.mssqlbulk.ingest;

/**
 * {@code char}, {@code varchar}, {@code nchar}, {@code nvarchar} (and {@code text}, {@code ntext}) as the text
 * itself, untrimmed. The length limit counts UTF-16 code units ({@link String#length()}), which is how SQL Server
 * counts {@code nchar}/{@code nvarchar} (a character outside the BMP takes two). For {@code char}/{@code varchar}
 * it is a character count too; where SQL Server counts bytes (a UTF-8 or double-byte collation) a value may pass
 * here and still be refused by the database, which then fails that row.
 */
final class StringConverter implements ValueConverter {

    private final int maxLength;

    StringConverter(int maxLength) {
        this.maxLength = maxLength;
    }

    @Override
    public Object convert(String raw) throws ValueRejected {
        if (raw.length() > maxLength) {
            throw new ValueRejected("value has " + raw.length() + " characters; column allows " + maxLength);
        }
        return raw;
    }
}
