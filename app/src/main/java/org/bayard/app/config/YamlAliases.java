package org.bayard.app.config;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * Refuses YAML aliases ({@code *name}). The parser does not expand them: it hands over the
 * anchor's name as the value, so {@code harvest-dir: *store} became a directory named "store",
 * silently. Expanding them instead would let a few lines of nested aliases (billion laughs) grow
 * into more values than the heap holds, and no setting needs them.
 */
final class YamlAliases {
    private YamlAliases() {}

    /** Throws naming the first alias in {@code yaml}, which has already been parsed once without error. */
    static void refuse(YAMLMapper mapper, String yaml, String origin) {
        try (JsonParser p = mapper.createParser(yaml)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (p instanceof YAMLParser y && y.isCurrentAlias()) {
                    TokenStreamLocation at = p.currentTokenLocation();
                    throw new ConfigException(origin + ": line " + at.getLineNr() + ", column " + at.getColumnNr() + ": *"
                            + p.getString() + " refers to a YAML anchor, and Bayard does not expand anchors; write the value out in full");
                }
            }
        }
    }
}
