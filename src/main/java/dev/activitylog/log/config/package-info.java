/**
 * Configuration: the operator's settings (system properties and environment variables, with their defaults per
 * server), the data source class of the embedded H2 index, which the container instantiates, and Bean Validation's
 * traversable resolver (META-INF/validation.xml). Plain Java; may use {@code log.control} and
 * {@code log.entity}.
 */
package dev.activitylog.log.config;
