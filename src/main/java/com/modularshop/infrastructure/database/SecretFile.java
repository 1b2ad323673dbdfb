package com.modularshop.infrastructure.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/** A generated secret in a file that only its owner can read (on file systems that know POSIX permissions). */
final class SecretFile {

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

	private SecretFile() {
	}

	static String generate() {

		var bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);

		// URL-safe Base64: no quotes or backslashes, so it needs no escaping anywhere
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** Creates the file readable by its owner only before the secret goes in. */
	static void write(Path file, String secret) throws IOException {

		Files.deleteIfExists(file);

		try {
			Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
		} catch (UnsupportedOperationException notPosix) {
			Files.createFile(file);
		}

		Files.writeString(file, secret, StandardOpenOption.TRUNCATE_EXISTING);
	}

	static String read(Path file) throws IOException {
		return Files.readString(file).strip();
	}

	/** Tightens the permissions of a file written by someone else (an older version, a restored backup). */
	static void restrict(Path file) throws IOException {

		try {
			if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
				Files.setPosixFilePermissions(file, OWNER_ONLY);
			}
		} catch (UnsupportedOperationException notPosix) {
			// nothing to tighten on this file system
		}
	}
}
