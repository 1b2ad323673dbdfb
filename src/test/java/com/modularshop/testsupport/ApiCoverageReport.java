package com.modularshop.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.TreeSet;

/**
 * Writes {@code target/api-coverage.txt} when the test JVM exits: which documented operations had their responses
 * checked by {@link ApiConformance}, and which no test called.
 */
final class ApiCoverageReport {

	static final Path REPORT = Path.of("target/api-coverage.txt");

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(ApiCoverageReport::write, "api-coverage-report"));
	}

	private ApiCoverageReport() {}

	/** Loading the class registers the report. */
	static void enable() {}

	private static void write() {

		if (ApiConformance.EXERCISED.isEmpty()) {
			return;
		}

		var exercised = new TreeSet<>(ApiConformance.EXERCISED);
		var uncalled = new TreeSet<>(ApiConformance.DOCUMENTED);
		uncalled.removeAll(exercised);

		var lines = new ArrayList<String>();
		lines.add("# operations whose responses were checked against the served OpenAPI description");
		lines.addAll(exercised);
		lines.add("");
		lines.add("# documented operations no test called");
		lines.addAll(uncalled);

		try {
			Files.createDirectories(REPORT.getParent());
			Files.write(REPORT, lines);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
