package dev.mssqlbulk.ingest;

import java.util.regex.Pattern;

/**
 * {@code float} as {@link Double} and {@code real} as {@link Float}: decimal notation with an optional exponent
 * ({@code -1.5e-3}). NaN and infinities are rejected (SQL Server cannot store them), as are values beyond the
 * type's range and Java-only spellings such as hexadecimal floats or a {@code d}/{@code f} suffix.
 */
final class FloatConverter implements ValueConverter {

    private static final Pattern FLOATING = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    static final FloatConverter FLOAT = new FloatConverter("float", false);
    static final FloatConverter REAL = new FloatConverter("real", true);

    private final String typeName;
    private final boolean single;

    private FloatConverter(String typeName, boolean single) {
        this.typeName = typeName;
        this.single = single;
    }

    @Override
    public Object convert(String raw) throws ValueRejected {
        String text = raw.strip();
        if (!FLOATING.matcher(text).matches()) {
            throw ValueRejected.notA(raw, typeName);
        }
        if (single) {
            float value = Float.parseFloat(text);
            if (Float.isInfinite(value)) {
                throw outOfRange(raw);
            }
            return value;
        }
        double value = Double.parseDouble(text);
        if (Double.isInfinite(value)) {
            throw outOfRange(raw);
        }
        return value;
    }

    private ValueRejected outOfRange(String raw) {
        return new ValueRejected(ValueRejected.value(raw) + " is out of range for " + typeName);
    }
}
