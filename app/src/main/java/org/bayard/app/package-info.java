/**
 * The application: wires configuration, the store and the core parts into one process
 * ({@link org.bayard.app.Engine}) and owns {@code main}. It maps the three kinds of failure to
 * exit codes (the user's mistake 1, usage 2, our bug 70); nothing below it prints to a terminal
 * or exits the JVM.
 */
package org.bayard.app;
