package org.bayard.http;

import java.util.Optional;

/**
 * Who is asking: the account's name, role and scope, and the page session when it came with one.
 * Made by the gatekeeper and read by every route, so it belongs to none of them.
 */
record Principal(String user, Role role, Scope scope, Optional<Guard.Session> session) {}
