package org.bayard.app.cli;

import tools.jackson.databind.json.JsonMapper;

/** One JSON writer for every {@code --json} output. */
final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {}

    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** Indented, for files people read as well as programs. */
    static String writePretty(Object value) {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    }
}
