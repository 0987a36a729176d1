/**
 * The portable dump of a token store: {@code bayard db export} and {@code bayard db import}.
 * The format is specified in {@code docs/dump-format.md}; {@link org.bayard.core.store.dump.DumpFormat}
 * holds its constants.
 *
 * <p>Owns: writing a store's read view as a dump ({@link org.bayard.core.store.dump.DumpWriter}),
 * reading and fully verifying one ({@link org.bayard.core.store.dump.DumpReader}), and adding a
 * verified dump to a store under the merge rule ({@link org.bayard.core.store.dump.DumpImporter}).
 *
 * <p>Must never: write to a store before the whole dump was read and verified; mix data of two
 * tokenizer versions; trust a line of the file before its checksum was checked.
 */
package org.bayard.core.store.dump;
