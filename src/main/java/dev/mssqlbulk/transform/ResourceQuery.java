package dev.mssqlbulk.transform;

import dev.mssqlbulk.query.Condition;
import dev.mssqlbulk.query.OrderBy;
import dev.mssqlbulk.query.Query;
import dev.mssqlbulk.query.QuerySyntaxException;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A query written against a resource ({@code select "First Name", DOB from crm_contact where DOB > '01/01/1990'})
 * restated against its table: fields become their columns, {@code *} the mapped columns in the transformation's
 * order, and a date field's string literals are read with its pattern, so that a client compares in the format it
 * sees. The restated query is then checked and rendered like any other.
 */
public final class ResourceQuery {

    private ResourceQuery() {}

    /** @throws QuerySyntaxException for a field the resource does not have, or a date not in its field's pattern */
    public static Query toVendor(Query query, ResourceMapping mapping) {
        List<String> fields = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        if (query.selectsAll()) {
            mapping.fields().forEach(f -> fields.add(f.vendorPath()));
            positions.addAll(Collections.nCopies(fields.size(), query.objectPosition()));
        } else {
            for (int i = 0; i < query.fields().size(); i++) {
                fields.add(field(
                                mapping,
                                query.fields().get(i),
                                query.fieldPositions().get(i))
                        .vendorPath());
                positions.add(query.fieldPositions().get(i));
            }
        }
        List<OrderBy> orderBy = query.orderBy().stream()
                .map(o ->
                        new OrderBy(field(mapping, o.field(), o.position()).vendorPath(), o.descending(), o.position()))
                .toList();
        return new Query(
                fields,
                mapping.vendorName(),
                condition(query.where(), mapping),
                orderBy,
                query.limit(),
                positions,
                query.objectPosition());
    }

    private static Condition condition(Condition condition, ResourceMapping mapping) {
        if (condition == null) {
            return null;
        }
        if (condition instanceof Condition.And and) {
            return new Condition.And(
                    and.conditions().stream().map(c -> condition(c, mapping)).toList());
        }
        if (condition instanceof Condition.Or or) {
            return new Condition.Or(
                    or.conditions().stream().map(c -> condition(c, mapping)).toList());
        }
        if (condition instanceof Condition.Not not) {
            return new Condition.Not(condition(not.condition(), mapping));
        }
        if (condition instanceof Condition.Comparison c) {
            ResourceMapping.MappedField field = field(mapping, c.field(), c.position());
            return new Condition.Comparison(
                    field.vendorPath(), c.operator(), value(field, c.value(), c.position()), c.position());
        }
        if (condition instanceof Condition.In in) {
            ResourceMapping.MappedField field = field(mapping, in.field(), in.position());
            return new Condition.In(
                    field.vendorPath(),
                    in.values().stream()
                            .map(v -> value(field, v, in.position()))
                            .toList(),
                    in.negated(),
                    in.position());
        }
        if (condition instanceof Condition.IsNull isNull) {
            return new Condition.IsNull(
                    field(mapping, isNull.field(), isNull.position()).vendorPath(),
                    isNull.negated(),
                    isNull.position());
        }
        Condition.Like like = (Condition.Like) condition;
        return new Condition.Like(
                field(mapping, like.field(), like.position()).vendorPath(),
                like.pattern(),
                like.negated(),
                like.position());
    }

    private static Object value(ResourceMapping.MappedField field, Object value, int position) {
        if (field.pattern() == null || !(value instanceof String text)) {
            return value;
        }
        try {
            return field.pattern().toIso(text);
        } catch (DateTimeException e) {
            throw new QuerySyntaxException(
                    "value '" + text + "' of field '" + field.path() + "' at position " + position
                            + " does not match its date pattern '"
                            + field.pattern().pattern() + "'",
                    position);
        }
    }

    private static ResourceMapping.MappedField field(ResourceMapping mapping, String name, int position) {
        return mapping.field(name)
                .orElseThrow(() -> new QuerySyntaxException(
                        "unknown field '" + name + "' of resource '" + mapping.resourceName() + "' at position "
                                + position,
                        position));
    }
}
