/**
 * Run without a server, by the build: the user the README's run commands sign in with ({@link
 * dev.activitylog.web.command.RunAdmin}). Plain Java; writes only the server's own user stores.
 */
package dev.activitylog.web.command;
