package dev.mssqlbulk.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written number checks accept exactly what the regular expressions they replaced accepted. */
class NumberSyntaxTest {

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)");
    private static final String ALPHABET = "0123456789+-.e ٣x";

    @Test
    void integerAndDecimalChecksAgreeWithTheirRegularExpressions() {
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(7);
            for (int j = 0; j < length; j++) {
                text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            String s = text.toString();
            assertEquals(INTEGER.matcher(s).matches(), IntegerConverter.isInteger(s), s);
            assertEquals(DECIMAL.matcher(s).matches(), DecimalConverter.isDecimal(s), s);
        }
    }
}
