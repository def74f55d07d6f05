/**
 * Power loss, simulated: a recording file layer under the engine (a java.nio {@code FileSystemProvider}) and under
 * the embedded H2 index (an H2 {@code FilePathWrapper}) writes one {@link dev.activitylog.testing.crash.Trace} of
 * every write, truncate, fsync, create, rename, delete and directory fsync; {@link dev.activitylog.testing.crash.Disk}
 * replays a prefix of it and builds the states that power loss at that moment allows. The approach of ALICE and
 * CrashMonkey (record, then enumerate what the file system may have kept), with the torn sectors of SQLite's crash
 * VFS and the unsynced data and directory entries that RocksDB's fault-injection file system and LazyFS drop.
 */
package dev.activitylog.testing.crash;
