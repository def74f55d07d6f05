/**
 * The log's meters, independent of any metrics library: their names and meanings (docs/deployment.md, "Metrics") and
 * how the engine's measurements become them. Plain Java, unit-tested.
 */
package dev.activitylog.metrics.control;
