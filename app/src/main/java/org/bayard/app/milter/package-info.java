/** Wiring for the milter door: the milter protocol of {@code bayard serve} over the SMTP gate's own filter. */
package org.bayard.app.milter;
