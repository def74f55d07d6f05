/**
 * The admin console on the web: the Faces pages' beans (each page reads the log once, in its view action), the export
 * and live-tail servlets, and the console's addresses ({@link dev.activitylog.admin.boundary.ConsoleUrls}). May use
 * admin.control for parsing and formatting, the log's boundary interface and entities, and web.boundary's role.
 */
package dev.activitylog.admin.boundary;
