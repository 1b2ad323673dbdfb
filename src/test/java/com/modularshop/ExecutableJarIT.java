package com.modularshop;

import static org.assertj.core.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.modularshop.testsupport.ApplicationProcess;

/**
 * The pom orders the executable jar's nested jars for start-up speed. That is safe only while no class is in two of
 * them: with a duplicate, the order would decide which one the application runs.
 */
class ExecutableJarIT {

	@Test
	void noClassIsInTwoNestedJars() throws IOException {
		assertThat(duplicateClasses(ApplicationProcess.JAR)).isEmpty();
	}

	@Test
	void findsAClassThatTwoNestedJarsCarry(@TempDir Path directory) throws IOException {

		var fixture = directory.resolve("fixture.jar");
		writeJar(fixture, Map.of(
				"BOOT-INF/lib/first.jar", nestedJar("org/example/Log.class", "org/example/First.class"),
				"BOOT-INF/lib/second.jar", nestedJar("org/example/Log.class", "module-info.class"),
				"BOOT-INF/lib/third.jar",
				nestedJar("module-info.class", "META-INF/versions/11/org/example/First.class")));

		assertThat(duplicateClasses(fixture)).containsExactly(
				Map.entry("org/example/Log.class", List.of("BOOT-INF/lib/first.jar", "BOOT-INF/lib/second.jar")));
	}

	/** Classes found in more than one nested jar, with those jars; module descriptors and versioned entries aside. */
	static Map<String, List<String>> duplicateClasses(Path executableJar) throws IOException {

		var jarsByClass = new TreeMap<String, List<String>>();
		try (var jar = new ZipFile(executableJar.toFile())) {
			for (var entry : jar.stream().toList()) {
				if (!entry.getName().startsWith("BOOT-INF/lib/") || !entry.getName().endsWith(".jar")) {
					continue;
				}
				try (var nested = new ZipInputStream(jar.getInputStream(entry))) {
					for (var inner = nested.getNextEntry(); inner != null; inner = nested.getNextEntry()) {
						var name = inner.getName();
						if (name.endsWith(".class") && !name.endsWith("module-info.class")
								&& !name.startsWith("META-INF/")) {
							jarsByClass.computeIfAbsent(name, key -> new ArrayList<>()).add(entry.getName());
						}
					}
				}
			}
		}
		jarsByClass.values().removeIf(jars -> jars.size() < 2);
		return jarsByClass;
	}

	static byte[] nestedJar(String... entries) throws IOException {

		var bytes = new ByteArrayOutputStream();
		try (var jar = new ZipOutputStream(bytes)) {
			for (var entry : entries) {
				jar.putNextEntry(new ZipEntry(entry));
				jar.write(new byte[] { (byte) 0xCA, (byte) 0xFE });
				jar.closeEntry();
			}
		}
		return bytes.toByteArray();
	}

	/** An executable jar's layout: nested jars stored, not compressed. */
	static void writeJar(Path path, Map<String, byte[]> nestedJars) throws IOException {

		try (OutputStream out = Files.newOutputStream(path); var jar = new ZipOutputStream(out)) {
			for (var nested : new TreeMap<>(nestedJars).entrySet()) {
				var entry = new ZipEntry(nested.getKey());
				var crc = new CRC32();
				crc.update(nested.getValue());
				entry.setMethod(ZipEntry.STORED);
				entry.setSize(nested.getValue().length);
				entry.setCrc(crc.getValue());
				jar.putNextEntry(entry);
				jar.write(nested.getValue());
				jar.closeEntry();
			}
		}
	}
}
