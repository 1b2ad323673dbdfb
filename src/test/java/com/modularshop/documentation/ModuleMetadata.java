package com.modularshop.documentation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.util.ApplicationModulesExporter;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The precomputed module model Spring Modulith reads at run time from
 * {@value ApplicationModulesExporter#DEFAULT_LOCATION}: when it is present, the module-aware Flyway migrations and the
 * {@code modulith} actuator endpoint take the modules from it instead of analysing the classes with ArchUnit at every
 * start. It is committed in {@code src/main/resources} and regenerated with the other documentation, because a stale
 * copy would silently leave a new module's migrations out.
 */
public final class ModuleMetadata {

	/** The committed copy, packaged into the jar. */
	public static final Path COMMITTED = Path.of("src/main/resources", ApplicationModulesExporter.DEFAULT_LOCATION);

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private ModuleMetadata() {}

	/**
	 * The metadata as text that depends on the code alone. The exporter fills some lists and maps from hash-based
	 * collections whose order changes between JVM runs; these are sorted. The order of the modules themselves is kept:
	 * it is the order in which their migrations run.
	 */
	public static String of(ApplicationModules modules) {
		return canonical(new ApplicationModulesExporter(modules).toFullJson());
	}

	static String canonical(String json) {

		var modules = (ObjectNode) JSON.readTree(json);
		var result = JSON.createObjectNode();
		modules.properties().forEach(it -> result.set(it.getKey(), sorted(it.getValue())));

		return JSON.writeValueAsString(result) + "\n";
	}

	/** The names of the modules listed, in order. */
	public static List<String> moduleNames(String json) {
		return new ArrayList<>(((ObjectNode) JSON.readTree(json)).propertyNames());
	}

	/** Writes the file, replacing any previous content (Spring Modulith's Documenter would only overwrite it). */
	public static void write(Path file, String content) {

		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file, content);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static JsonNode sorted(JsonNode node) {

		if (node instanceof ObjectNode object) {

			var fields = new TreeMap<String, JsonNode>();
			object.properties().forEach(it -> fields.put(it.getKey(), sorted(it.getValue())));

			var result = JSON.createObjectNode();
			fields.forEach(result::set);
			return result;
		}

		if (node instanceof ArrayNode array) {

			var elements = new ArrayList<JsonNode>();
			array.forEach(it -> elements.add(sorted(it)));
			elements.sort(Comparator.comparing(JsonNode::toString));

			var result = JSON.createArrayNode();
			elements.forEach(result::add);
			return result;
		}

		return node;
	}
}
