package com.modularshop.infrastructure.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data directory's password authentication: the superuser's password is a generated secret kept next to the
 * cluster ({@value #SECRET_FILE}, readable by its owner only), and {@code pg_hba.conf} requires it for every
 * connection. Data directories of earlier versions, created with {@code initdb -A trust}, are migrated on their first
 * start: the superuser gets a generated password (set in single-user mode, so no connection is ever trusted) and
 * {@code pg_hba.conf} is replaced.
 */
final class StoredCredentials {

	static final String SECRET_FILE = "shop-database-secret";

	/** Password authentication for every connection; TCP only from the loopback addresses. */
	static final String HBA = """
			# Written by modular-shop: every connection needs the password (SCRAM) in %s next to this file,
			# and the server listens on localhost only. Rewritten at start-up if it differs.
			local   all   all                  scram-sha-256
			host    all   all   127.0.0.1/32   scram-sha-256
			host    all   all   ::1/128        scram-sha-256
			""".formatted(SECRET_FILE);

	private static final Logger LOG = LoggerFactory.getLogger(StoredCredentials.class);

	private StoredCredentials() {
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
			SecretFile.write(pending, SecretFile.generate());
			binaries.initdb(directory, pending);
			Files.writeString(hbaFile, HBA);
			Files.move(pending, secretFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

			return SecretFile.read(secretFile);
		}

		var secret = Files.exists(secretFile) ? Optional.of(SecretFile.read(secretFile)) : Optional.<String> empty();

		if (secret.isPresent() && Files.exists(hbaFile) && Files.readString(hbaFile).equals(HBA)) {
			SecretFile.restrict(secretFile);
			return secret.get();
		}

		// A directory from before password authentication (initdb -A trust), a lost secret file or a changed
		// pg_hba.conf: (re)set the password in single-user mode, which takes no connections, then close the door.
		LOG.warn("Embedded PostgreSQL data directory {} did not require a password for every connection; setting a "
				+ "{} password for {} and requiring it from now on", directory, secret.isPresent() ? "the stored" : "new",
				EmbeddedPostgresServer.USER);

		var password = secret.orElseGet(SecretFile::generate);
		if (secret.isEmpty()) {
			SecretFile.write(secretFile, password);
		}
		binaries.setPassword(directory, EmbeddedPostgresServer.USER, password);
		Files.writeString(hbaFile, HBA);
		SecretFile.restrict(secretFile);

		return password;
	}
}
