/**
 * One class per {@code bayard} command (picocli). Commands parse arguments, call the core, and
 * print; they hold no filtering logic of their own. Output goes to the injected
 * {@link org.bayard.app.AppContext} streams so tests run them in-process.
 */
package org.bayard.app.cli;
