/**
 * Commands run outside any server: {@code VerifyCommand} checks a log file with nothing but the file (and the
 * checkpoint key). May use {@code log.control}, {@code log.config} and {@code log.entity}.
 */
package dev.activitylog.log.command;
