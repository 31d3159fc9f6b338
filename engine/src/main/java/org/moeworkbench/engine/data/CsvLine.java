package org.moeworkbench.engine.data;

import java.util.ArrayList;
import java.util.List;

/** One CSV line split into fields (RFC 4180 quoting: "a, b" and "" for a quote inside quotes). */
final class CsvLine {
    private CsvLine() {}

    /** @throws IllegalArgumentException if a quoted field is not closed on the line */
    static List<String> parse(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unclosed quote");
        }
        fields.add(field.toString());
        return fields;
    }

    /** Quotes a field if it holds a comma, a quote or surrounding space. */
    static String quote(String field) {
        if (field.contains(",") || field.contains("\"") || !field.equals(field.strip())) {
            return '"' + field.replace("\"", "\"\"") + '"';
        }
        return field;
    }
}
