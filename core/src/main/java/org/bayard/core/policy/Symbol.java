package org.bayard.core.policy;

/** One check's finding: a rule name, its points, and a short detail for the log (printable ASCII). */
public record Symbol(String name, double points, String detail) {}
