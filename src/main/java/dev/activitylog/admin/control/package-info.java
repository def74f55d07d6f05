/**
 * The console's logic that needs no container: reading what an operator typed (filters, times, the list's paging and
 * jumps), each unusable value explained rather than fatal. Plain Java on the log's entity classes: no Faces, servlet
 * or CDI types, so it is unit-tested directly. Used by admin.boundary; uses nothing of it.
 */
package dev.activitylog.admin.control;
