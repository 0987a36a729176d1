/**
 * The embedded default {@link org.bayard.core.store.TokenStore}: LMDB through lmdbjava.
 *
 * <p>Owns: the on-disk layout (three named databases and the meta record with format and
 * tokenizer versions), the writer thread, and the mapping of LMDB failures to clear
 * {@link java.io.UncheckedIOException}s. See {@code store-lmdb/README.md} for the rules.
 *
 * <p>Must never: begin a write transaction on any thread but the store's writer thread (and so
 * never on a virtual thread); open one directory twice in one process; close the environment
 * under an open transaction; change the map size or the byte layout without bumping
 * {@code Meta.FORMAT_VERSION}.
 */
package org.bayard.store.lmdb;
