/**
 * What the tests share, and only the tests: the embedded-index fixture, file helpers, a child process's output, the
 * benchmarks' timing and table ({@code Bench}), and {@code Tamper} (what someone who can write the log file does to
 * it). Used by the unit tests, the torture tests, the benchmarks and the ITs.
 */
package dev.activitylog.testing;
