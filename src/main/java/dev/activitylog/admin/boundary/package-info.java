/**
 * The admin console on the web: the Faces pages' beans (the list and an entry's page read the log in their view
 * action), the export and live-tail servlets, and the console's addresses ({@code ConsoleUrls}). May use
 * admin.control for parsing and formatting, the log's boundary interface and entities, and web.boundary's role.
 */
package dev.activitylog.admin.boundary;
