package com.modularshop.infrastructure.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL as a real, durable and closed database: unlike zonky's test defaults, fsync and synchronous
 * commit stay on, it listens on localhost only, and every connection needs the superuser's password (SCRAM), a
 * generated secret kept in the data directory ({@value #SECRET_FILE}, readable by its owner only). It recovers from a
 * previous run that was killed: the orphaned server still holding the data directory is shut down first, so a restart
 * after a crash works without manual clean-up.
 * <p>
 * Data directories of earlier versions, created with {@code initdb -A trust}, are migrated on their first start: the
 * superuser gets a generated password (set in single-user mode, so no connection is ever trusted) and
 * {@code pg_hba.conf} is replaced.
 */
final class EmbeddedPostgresServer implements Closeable {

	static final String USER = "postgres";
	static final String SECRET_FILE = "shop-database-secret";

	/** Password authentication for every connection; TCP only from the loopback addresses. */
	static final String HBA = """
			# Written by modular-shop: every connection needs the password (SCRAM) in %s next to this file,
			# and the server listens on localhost only. Rewritten at start-up if it differs.
			local   all   all                  scram-sha-256
			host    all   all   127.0.0.1/32   scram-sha-256
			host    all   all   ::1/128        scram-sha-256
			""".formatted(SECRET_FILE);

	private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
	private static final Duration ORPHAN_SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);
	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

	private final EmbeddedPostgres postgres;
	private final String password;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres, String password) {
		this.postgres = postgres;
		this.password = password;
	}

	static EmbeddedPostgresServer start(Path configuredDirectory, int port) throws IOException {

		var directory = configuredDirectory.toAbsolutePath().normalize();
		Files.createDirectories(directory);
		stopOrphanedServer(directory);

		var password = prepare(directory, PostgresBinaries.prepare());

		var builder = EmbeddedPostgres.builder()
				.setDataDirectory(directory)
				.setCleanDataDirectory(false)
				// Spring closes the bean after the connection pool; a JVM hook of zonky's own could stop the
				// server while a graceful shutdown still drains requests.
				.setRegisterShutdownHook(false)
				.setPGStartupWait(Duration.ofSeconds(60))
				.setServerConfig("fsync", "on")
				.setServerConfig("synchronous_commit", "on")
				.setServerConfig("listen_addresses", "localhost")
				// zonky's readiness check connects too
				.setConnectConfig("password", password);

		if (port > 0) {
			builder.setPort(port);
		}

		var postgres = builder.start();

		LOG.info("Embedded PostgreSQL started on jdbc:postgresql://localhost:{}/postgres with data directory {} "
				+ "(user {}, password in {})", postgres.getPort(), directory, USER, directory.resolve(SECRET_FILE));

		return new EmbeddedPostgresServer(postgres, password);
	}

	int port() {
		return postgres.getPort();
	}

	String password() {
		return password;
	}

	@Override
	public void close() throws IOException {
		postgres.close();
	}

	/**
	 * Makes sure the data directory exists, requires the password for every connection and has the password in its
	 * secret file. Runs while no server uses the directory.
	 *
	 * @return the superuser's password
	 */
	static String prepare(Path directory, PostgresBinaries binaries) throws IOException {

		var secretFile = directory.resolve(SECRET_FILE);
		var hbaFile = directory.resolve("pg_hba.conf");

		// zonky's own test for an initialized directory; it would run initdb -A trust otherwise
		if (!Files.exists(directory.resolve("postgresql.conf"))) {

			// initdb wants an empty directory, so the secret waits next to it until the cluster exists
			var pending = directory.resolveSibling("." + directory.getFileName() + ".pending-secret");
			writeSecret(pending, generateSecret());
			binaries.initdb(directory, pending);
			Files.writeString(hbaFile, HBA);
			Files.move(pending, secretFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

			return readSecret(secretFile);
		}

		var secret = Files.exists(secretFile) ? Optional.of(readSecret(secretFile)) : Optional.<String> empty();

		if (secret.isPresent() && Files.exists(hbaFile) && Files.readString(hbaFile).equals(HBA)) {
			restrict(secretFile);
			return secret.get();
		}

		// A directory from before password authentication (initdb -A trust), a lost secret file or a changed
		// pg_hba.conf: (re)set the password in single-user mode, which takes no connections, then close the door.
		LOG.warn("Embedded PostgreSQL data directory {} did not require a password for every connection; setting a "
				+ "{} password for {} and requiring it from now on", directory, secret.isPresent() ? "the stored" : "new",
				USER);

		var password = secret.orElseGet(EmbeddedPostgresServer::generateSecret);
		if (secret.isEmpty()) {
			writeSecret(secretFile, password);
		}
		binaries.setPassword(directory, USER, password);
		Files.writeString(hbaFile, HBA);
		restrict(secretFile);

		return password;
	}

	/**
	 * A JVM killed with SIGKILL leaves its postmaster running (zonky starts it through pg_ctl), which would make the
	 * next start fail on the data directory's lock. The process {@code postmaster.pid} names is signalled only if it
	 * is that postmaster: a {@code postgres} process whose data directory is this one. After a reboot the PID may
	 * belong to anything else by now, another PostgreSQL included; then the lock file is stale and goes (PostgreSQL
	 * itself would refuse to start while the PID is alive, and still checks its shared memory for a live server).
	 */
	static void stopOrphanedServer(Path directory) throws IOException {

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
			orphan.onExit().get(ORPHAN_SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		} catch (Exception e) {
			throw new IllegalStateException("PostgreSQL (pid %d) on %s did not stop within %s; stop it and retry"
					.formatted(pid, directory, ORPHAN_SHUTDOWN_TIMEOUT), e);
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

	private static String generateSecret() {

		var bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);

		// URL-safe Base64: no quotes or backslashes, so it needs no escaping anywhere
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** Creates the file readable by its owner only before the secret goes in. */
	private static void writeSecret(Path file, String secret) throws IOException {

		Files.deleteIfExists(file);

		try {
			Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
		} catch (UnsupportedOperationException notPosix) {
			Files.createFile(file);
		}

		Files.writeString(file, secret, StandardOpenOption.TRUNCATE_EXISTING);
	}

	private static String readSecret(Path file) throws IOException {
		return Files.readString(file).strip();
	}

	private static void restrict(Path file) throws IOException {

		try {
			if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
				Files.setPosixFilePermissions(file, OWNER_ONLY);
			}
		} catch (UnsupportedOperationException notPosix) {
			// nothing to tighten on this file system
		}
	}
}
