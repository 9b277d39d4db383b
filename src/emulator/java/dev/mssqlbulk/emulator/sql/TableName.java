package dev.mssqlbulk.emulator.sql;

import java.util.List;

/** A possibly qualified object name: [db.][schema.]name, schema defaulting to dbo. */
public record TableName(String schema, String name) {
    /** Reads a name at tokens[start]; returns the name and sets end[0] to the index after it. */
    public static TableName read(List<Token> t, int start, int[] end) {
        String a = null;
        String b = null;
        String c;
        int i = start;
        c = t.get(i).name();
        i++;
        while (i + 1 < t.size()
                && t.get(i).isSymbol(".")
                && (t.get(i + 1).isIdentifier() || t.get(i + 1).isSymbol("."))) {
            if (t.get(i + 1).isSymbol(".")) { // db..name
                a = c;
                b = "dbo";
                i++;
                continue;
            }
            a = b;
            b = c;
            c = t.get(i + 1).name();
            i += 2;
        }
        if (end != null) {
            end[0] = i;
        }
        return new TableName(b == null ? "dbo" : b, c);
    }

    public String sql() {
        return Rewriter.quote(schema) + "." + Rewriter.quote(name);
    }

    public String display() {
        return schema + "." + name;
    }
}
