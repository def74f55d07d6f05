/**
 * Demo entries for a first look at a new log (setting {@code activitylog.demo}): what they are, generated from a seed,
 * and the rule that only a log without entries gets them. Plain Java, unit-tested without a container.
 */
package dev.activitylog.demo.control;
