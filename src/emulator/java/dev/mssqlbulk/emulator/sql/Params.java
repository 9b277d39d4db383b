package dev.mssqlbulk.emulator.sql;

import dev.mssqlbulk.emulator.codec.RpcRequest;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parameter values of an RPC with their names (lower case, with '@'), and their binding to H2 statements. */
public record Params(List<String> names, List<Object> values) {
    public static final Params NONE = new Params(List.of(), List.of());

    /** The RPC's values from index from on, named by their own names or by the parameter definition list. */
    public static Params of(List<RpcRequest.Param> p, int from, String definitions) {
        List<String> defNames = new ArrayList<>();
        if (definitions != null) {
            for (String def : definitions.split(",")) {
                String d = def.trim();
                if (d.startsWith("@")) {
                    int sp = d.indexOf(' ');
                    defNames.add((sp > 0 ? d.substring(0, sp) : d).toLowerCase(Locale.ROOT));
                }
            }
        }
        List<String> names = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (int i = from; i < p.size(); i++) {
            String name = p.get(i).name();
            int k = i - from;
            if (name == null || name.isEmpty()) {
                name = k < defNames.size() ? defNames.get(k) : "@p" + (k + 1);
            }
            names.add(name.toLowerCase(Locale.ROOT));
            values.add(p.get(i).value());
        }
        return new Params(names, values);
    }

    /** 0-based index of a value by its lower-case name (with '@'), or null. */
    Integer index(String name) {
        int i = names.indexOf(name);
        return i >= 0 ? i : null;
    }

    /** Sets the statement's '?' markers from the values at the rewriter's parameter order. */
    void bind(PreparedStatement ps, List<Integer> order) throws SQLException {
        for (int k = 0; k < order.size(); k++) {
            Object v = values.get(order.get(k));
            ps.setObject(k + 1, v);
        }
    }
}
