/**
 * The web guards' decisions that need no container: whether a request comes from a browser page of another origin,
 * and how many failed sign-ins a client has had. Plain Java, unit-tested directly; {@code web.boundary} applies them.
 */
package dev.activitylog.web.control;
