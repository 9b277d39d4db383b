package dev.mssqlbulk.query;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A {@code where} condition. Leaves name one field and keep its 1-based {@code position} in the query so that an
 * unknown field can be reported where it was written. Values are {@link String}, {@link Long} (an integer),
 * {@link java.math.BigDecimal} (a number with a fraction, or an integer too large for a long) or {@link Boolean}.
 */
public sealed interface Condition {

    /** All of the conditions (at least two); {@code a and b and c} is one {@code And} of three. */
    record And(List<Condition> conditions) implements Condition {
        public And {
            conditions = List.copyOf(conditions);
        }
    }

    /** Any of the conditions (at least two). */
    record Or(List<Condition> conditions) implements Condition {
        public Or {
            conditions = List.copyOf(conditions);
        }
    }

    record Not(Condition condition) implements Condition {}

    /**
     * {@code field <operator> value}.
     *
     * @param operator as written: one of {@code = != <> < <= > >=}
     */
    record Comparison(String field, String operator, Object value, int position) implements Condition {

        /** The operators a comparison may have; anything else is refused so that no text can reach the SQL. */
        public static final Set<String> OPERATORS = Set.of("=", "!=", "<>", "<", "<=", ">", ">=");

        public Comparison {
            if (!OPERATORS.contains(operator)) {
                throw new IllegalArgumentException("not a comparison operator: " + operator);
            }
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code field in (values)} or, negated, {@code field not in (values)}; at least one value. */
    record In(String field, List<Object> values, boolean negated, int position) implements Condition {
        public In {
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("in needs at least one value");
            }
        }
    }

    /** {@code field is null} or, negated, {@code field is not null}. */
    record IsNull(String field, boolean negated, int position) implements Condition {}

    /** {@code field like 'pattern'} or, negated, {@code field not like 'pattern'}; SQL Server's wildcards apply. */
    record Like(String field, String pattern, boolean negated, int position) implements Condition {
        public Like {
            Objects.requireNonNull(pattern, "pattern");
        }
    }
}
