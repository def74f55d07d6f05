/**
 * What callers see: the entries, queries, pages (also a cluster's merged ones), health, recovery and verify reports,
 * and the typed exceptions.
 * Records and enums with their validation; nothing here knows files, JDBC or the container. Together with {@code
 * ActivityLog} this is the API that other modules of an EAR compile against.
 */
package dev.activitylog.log.entity;
