/**
 * The console's logic that needs no container: reading what an operator typed (filters, times, the list's paging and
 * jumps; an unusable value is explained, not fatal) and writing entries out (export lines, JSON, the list's preview).
 * Plain Java on the log's entities and JSON-P (no Faces, servlet, CDI or admin.boundary types): unit-tested directly.
 */
package dev.activitylog.admin.control;
