package dev.mssqlbulk.ingest;

import java.util.function.LongFunction;

/**
 * {@code tinyint}, {@code smallint}, {@code int}, {@code bigint}: optional sign and ASCII digits, surrounding
 * whitespace allowed, range-checked against SQL Server's range. No fractions or exponents ({@code 1.5},
 * {@code 1e3}): SQL Server does not convert such strings to integers either.
 */
final class IntegerConverter implements ValueConverter {

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
        if (!isInteger(text)) {
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
        return new ValueRejected(
                ValueRejected.value(raw) + " is out of range for " + typeName + " (" + min + " to " + max + ")");
    }

    /** {@code [+-]?[0-9]+}, checked by hand: a regular expression here was a tenth of converting a row. */
    static boolean isInteger(String text) {
        int start = !text.isEmpty() && (text.charAt(0) == '+' || text.charAt(0) == '-') ? 1 : 0;
        if (start == text.length()) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
