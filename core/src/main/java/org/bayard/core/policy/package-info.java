/**
 * Checks, symbols with points, and the verdict that decides what happens to a message. Pure:
 * knows nothing of SMTP or HTTP; a front door turns the outcome into its protocol's reply.
 */
package org.bayard.core.policy;
