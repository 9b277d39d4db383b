package dev.mssqlbulk.ingest;

import java.util.function.LongFunction;
import java.util.regex.Pattern;

/**
 * {@code tinyint}, {@code smallint}, {@code int}, {@code bigint}: optional sign and ASCII digits, surrounding
 * whitespace allowed, range-checked against SQL Server's range. No fractions or exponents ({@code 1.5},
 * {@code 1e3}): SQL Server does not convert such strings to integers either.
 */
final class IntegerConverter implements ValueConverter {

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

    static final IntegerConverter TINYINT = new IntegerConverter("tinyint", 0, 255, v -> (short) v);
    static final IntegerConverter SMALLINT =
            new IntegerConverter("smallint", Short.MIN_VALUE, Short.MAX_VALUE, v -> (short) v);
    static final IntegerConverter INT = new IntegerConverter("int", Integer.MIN_VALUE, Integer.MAX_VALUE, v -> (int) v);
    static final IntegerConverter BIGINT = new IntegerConverter("bigint", Long.MIN_VALUE, Long.MAX_VALUE, v -> v);

    private final String typeName;
    private final long min;
    private final long max;
    private final LongFunction<Object> box;

    private IntegerConverter(String typeName, long min, long max, LongFunction<Object> box) {
        this.typeName = typeName;
        this.min = min;
        this.max = max;
        this.box = box;
    }

    @Override
    public Object convert(String raw) throws ValueRejected {
        String text = raw.strip();
        if (!INTEGER.matcher(text).matches()) {
            throw ValueRejected.notA(raw, typeName);
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException beyondLong) {
            throw outOfRange(raw);
        }
        if (value < min || value > max) {
            throw outOfRange(raw);
        }
        return box.apply(value);
    }

    private ValueRejected outOfRange(String raw) {
        return new ValueRejected(ValueRejected.value(raw) + " is out of range for " + typeName
                + " (" + min + " to " + max + ")");
    }
}
