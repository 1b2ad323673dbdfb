package com.modularshop.infrastructure.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the embedded PostgreSQL as a real, durable database (unlike zonky's test defaults, fsync and synchronous
 * commit stay on) and recovers from a previous run that was killed: the orphaned server still holding the data
 * directory is shut down first, so a restart after a crash works without manual clean-up.
 */
final class EmbeddedPostgresServer {

	static final String USER = "postgres";

	private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
	private static final Duration ORPHAN_SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);

	private EmbeddedPostgresServer() {}

	static EmbeddedPostgres start(Path configuredDirectory, int port) throws IOException {

		var directory = configuredDirectory.toAbsolutePath().normalize();
		Files.createDirectories(directory);
		stopOrphanedServer(directory);

		var builder = EmbeddedPostgres.builder()
				.setDataDirectory(directory)
				.setCleanDataDirectory(false)
				// Spring closes the bean after the connection pool; a JVM hook of zonky's own could stop the
				// server while a graceful shutdown still drains requests.
				.setRegisterShutdownHook(false)
				.setPGStartupWait(Duration.ofSeconds(60))
				.setServerConfig("fsync", "on")
				.setServerConfig("synchronous_commit", "on")
				.setServerConfig("listen_addresses", "localhost");

		if (port > 0) {
			builder.setPort(port);
		}

		var postgres = builder.start();

		LOG.info("Embedded PostgreSQL started on jdbc:postgresql://localhost:{}/postgres with data directory {}",
				postgres.getPort(), directory);

		return postgres;
	}

	/**
	 * A JVM killed with SIGKILL leaves its postmaster running (zonky starts it through pg_ctl), which would make the
	 * next start fail on the data directory's lock.
	 */
	private static void stopOrphanedServer(Path directory) throws IOException {

		var pidFile = directory.resolve("postmaster.pid");

		if (!Files.isReadable(pidFile)) {
			return;
		}

		long pid;

		try (var lines = Files.lines(pidFile)) {
			pid = lines.findFirst().map(String::trim).map(Long::parseLong).orElse(-1L);
		} catch (NumberFormatException e) {
			return;
		}

		var process = ProcessHandle.of(pid)
				.filter(ProcessHandle::isAlive)
				.filter(it -> it.info().command().map(command -> command.endsWith("postgres")).orElse(false));

		if (process.isEmpty()) {
			return;
		}

		LOG.warn("Found PostgreSQL (pid {}) left running on {} by a previous run; shutting it down", pid, directory);

		var orphan = process.get();
		orphan.destroy(); // SIGTERM: smart shutdown, clients of the dead JVM are gone already

		try {
			orphan.onExit().get(ORPHAN_SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		} catch (Exception e) {
			throw new IllegalStateException("PostgreSQL (pid %d) on %s did not stop within %s; stop it and retry"
					.formatted(pid, directory, ORPHAN_SHUTDOWN_TIMEOUT), e);
		}
	}
}
