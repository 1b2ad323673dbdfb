package com.modularshop.infrastructure.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JVM killed with SIGKILL leaves its postmaster running (zonky starts it through pg_ctl), which would make the next
 * start fail on the data directory's lock. The process {@code postmaster.pid} names is signalled only if it is that
 * postmaster: a {@code postgres} process whose data directory is this one. After a reboot the PID may belong to
 * anything else by now, another PostgreSQL included; then the lock file is stale and goes (PostgreSQL itself would
 * refuse to start while the PID is alive, and still checks its shared memory for a live server).
 */
final class OrphanedPostmaster {

	private static final Logger LOG = LoggerFactory.getLogger(OrphanedPostmaster.class);
	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);

	private OrphanedPostmaster() {
	}

	/** Shuts down the postmaster a previous run left on the directory, if any; runs before the server starts. */
	static void stopIfRunning(Path directory) throws IOException {

		var pidFile = directory.resolve("postmaster.pid");

		if (!Files.isReadable(pidFile)) {
			return;
		}

		List<String> lines = Files.readAllLines(pidFile);
		long pid;

		try {
			pid = lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
		} catch (NumberFormatException e) {
			return;
		}

		var process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);

		if (process.isEmpty()) {
			return; // PostgreSQL removes a lock file whose process is gone by itself
		}

		if (!isPostmasterOf(process.get(), directory)) {
			LOG.warn("{} names process {}, which is not the PostgreSQL server of this data directory; removing the "
					+ "stale lock file without signalling that process", pidFile, pid);
			Files.delete(pidFile);
			return;
		}

		LOG.warn("Found PostgreSQL (pid {}) left running on {} by a previous run; shutting it down", pid, directory);

		var orphan = process.get();
		orphan.destroy(); // SIGTERM: smart shutdown, clients of the dead JVM are gone already

		try {
			orphan.onExit().get(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		} catch (Exception e) {
			throw new IllegalStateException("PostgreSQL (pid %d) on %s did not stop within %s; stop it and retry"
					.formatted(pid, directory, SHUTDOWN_TIMEOUT), e);
		}
	}

	/** The {@code postgres} program, running on this data directory ({@code -D}, or as its working directory). */
	static boolean isPostmasterOf(ProcessHandle process, Path directory) {

		var info = process.info();
		var program = info.command().map(Path::of).map(Path::getFileName).map(Path::toString);

		if (!program.equals(Optional.of("postgres"))) {
			return false;
		}

		var arguments = List.of(info.arguments().orElse(new String[0]));
		var dataArgument = arguments.indexOf("-D");

		if (dataArgument >= 0 && dataArgument + 1 < arguments.size()
				&& sameFile(Path.of(arguments.get(dataArgument + 1)), directory)) {
			return true;
		}

		// PostgreSQL changes into its data directory; Linux shows the working directory of a process of this user
		return sameFile(Path.of("/proc", Long.toString(process.pid()), "cwd"), directory);
	}

	private static boolean sameFile(Path candidate, Path directory) {

		try {
			return Files.exists(candidate) && Files.isSameFile(candidate, directory);
		} catch (IOException | SecurityException unreadable) {
			return false;
		}
	}
}
