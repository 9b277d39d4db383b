package dev.mssqlbulk.ingest;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * {@code decimal(p,s)}, {@code numeric(p,s)}, {@code money}, {@code smallmoney} as {@link BigDecimal}.
 * Plain decimal notation only ({@code -12.5}, {@code .5}, {@code +3.}): no exponent, no thousands separators
 * or currency symbols. More fractional digits than the scale are rounded half away from zero
 * ({@link RoundingMode#HALF_UP}), as SQL Server does when it converts to decimal; a value whose rounded
 * form needs more integer digits than {@code p - s} (or leaves money's range) is rejected.
 */
final class DecimalConverter implements ValueConverter {

    /** Longer texts cannot be sensible values; refusing them early keeps BigDecimal's parsing cheap. */
    private static final int MAX_TEXT_LENGTH = 1000;

    static final DecimalConverter MONEY = new DecimalConverter(
            "money", 4, new BigDecimal("-922337203685477.5808"), new BigDecimal("922337203685477.5807"));
    static final DecimalConverter SMALLMONEY =
            new DecimalConverter("smallmoney", 4, new BigDecimal("-214748.3648"), new BigDecimal("214748.3647"));

    private final String typeName;
    private final int scale;
    private final BigDecimal min;
    private final BigDecimal max;

    private DecimalConverter(String typeName, int scale, BigDecimal min, BigDecimal max) {
        this.typeName = typeName;
        this.scale = scale;
        this.min = min;
        this.max = max;
    }

    /** {@code decimal(precision, scale)}: at most {@code precision - scale} integer digits. */
    static DecimalConverter decimal(String dataType, int precision, int scale) {
        BigDecimal max = BigDecimal.TEN.pow(precision - scale).subtract(BigDecimal.ONE.movePointLeft(scale));
        return new DecimalConverter(dataType + "(" + precision + "," + scale + ")", scale, max.negate(), max);
    }

    @Override
    public Object convert(String raw) throws ValueRejected {
        String text = raw.strip();
        if (!isDecimal(text)) {
            throw ValueRejected.notA(raw, typeName);
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw doesNotFit(raw);
        }
        BigDecimal value = new BigDecimal(text).setScale(scale, RoundingMode.HALF_UP);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw doesNotFit(raw);
        }
        return value;
    }

    private ValueRejected doesNotFit(String raw) {
        return new ValueRejected(ValueRejected.value(raw) + " does not fit " + typeName);
    }

    /** {@code [+-]?([0-9]+\.?[0-9]*|\.[0-9]+)}, checked by hand (see {@link IntegerConverter#isInteger}). */
    static boolean isDecimal(String text) {
        int i = !text.isEmpty() && (text.charAt(0) == '+' || text.charAt(0) == '-') ? 1 : 0;
        int before = 0;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
            before++;
        }
        int after = 0;
        if (i < text.length() && text.charAt(i) == '.') {
            i++;
            while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                i++;
                after++;
            }
        }
        return i == text.length() && (before > 0 || after > 0);
    }
}
