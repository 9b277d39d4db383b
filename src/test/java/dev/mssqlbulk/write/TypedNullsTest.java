package dev.mssqlbulk.write;

import static org.junit.jupiter.api.Assertions.assertSame;

import dev.mssqlbulk.catalog.Column;
import io.vertx.sqlclient.data.NullValue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A NULL travels with its column's type: untyped, the reactive client declares it nvarchar(4000), which SQL Server
 * will not convert to a binary type and Babelfish will not convert to datetimeoffset.
 */
class TypedNullsTest {

    @ParameterizedTest(name = "a NULL for {0} is bound as {1}")
    @CsvSource({
        "datetimeoffset, OffsetDateTime",
        "varbinary, Buffer",
        "binary, Buffer",
        "image, Buffer",
        "uniqueidentifier, UUID",
        "datetime2, LocalDateTime",
        "datetime, LocalDateTime",
        "date, LocalDate",
        "time, LocalTime",
        "decimal, BigDecimal",
        "money, BigDecimal",
        "int, Integer",
        "bigint, Long",
        "smallint, Short",
        "tinyint, Short",
        "bit, Boolean",
        "float, Double",
        "real, Float",
        "nvarchar, String",
        "xml, String"
    })
    void aNullIsBoundWithItsColumnsType(String dataType, String nullValue) throws ReflectiveOperationException {
        Column column = new Column("c", 1, dataType, true, null, null, null, false, false, false, false);
        assertSame(NullValue.class.getField(nullValue).get(null), TypedNulls.nullFor(column));
    }
}
