/**
 * The console's logic that needs no container: reading what an operator typed (filters, times, the list's paging and
 * jumps; an unusable value is explained, not fatal) and writing entries out (export lines, JSON, the list's preview).
 * Plain Java on the log's entity classes and JSON-P: no Faces, servlet or CDI types, so it is unit-tested directly.
 */
package dev.activitylog.admin.control;
