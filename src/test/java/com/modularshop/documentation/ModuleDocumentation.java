package com.modularshop.documentation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import net.sourceforge.plantuml.FileFormat;
import net.sourceforge.plantuml.FileFormatOption;
import net.sourceforge.plantuml.SourceStringReader;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;
import org.springframework.modulith.docs.Documenter.CanvasOptions;
import org.springframework.modulith.docs.Documenter.DiagramOptions;

import com.modularshop.architecture.SqlOwnership;
import com.tngtech.archunit.core.domain.JavaClasses;

/**
 * Writes {@code docs/modules/}: Spring Modulith's component diagrams, module canvases and aggregate document, the
 * diagrams rendered to SVG by PlantUML's built-in smetana layout (no Graphviz), and the extraction-readiness report.
 */
public final class ModuleDocumentation {

	/** The command that regenerates the committed documentation. */
	public static final String REGENERATE_COMMAND = "./mvnw -B test -Pdocs";

	private ModuleDocumentation() {}

	public static void write(ApplicationModules modules, JavaClasses classes, String rootPackage,
			SqlOwnership ownership, Path folder) {

		var diagrams = DiagramOptions.defaults()
				.withStyle(DiagramOptions.DiagramStyle.C4)
				// show every module, also one that nothing depends on and that depends on nothing
				.withElementsWithoutRelationships(DiagramOptions.ElementsWithoutRelationships.VISIBLE);
		var canvases = CanvasOptions.defaults();

		new Documenter(modules, Documenter.Options.defaults().withOutputFolder(folder.toString()))
				.writeModulesAsPlantUml(diagrams)
				.writeIndividualModulesAsPlantUml(diagrams)
				.writeModuleCanvases(canvases)
				.writeAggregatingDocument(diagrams, canvases);

		sortCanvasLists(folder);
		sortRelationships(folder);
		renderDiagrams(folder);

		write(folder.resolve("extraction-readiness.md"),
				ExtractionReadiness.of(modules, classes, rootPackage, ownership).toMarkdown(REGENERATE_COMMAND));
	}

	/** Like the canvas lists, the order of a diagram's relationships varies between JVM runs. */
	private static void sortRelationships(Path folder) {

		for (var diagram : files(folder).stream().filter(it -> it.toString().endsWith(".puml")).map(folder::resolve)
				.toList()) {

			var lines = new ArrayList<>(read(diagram).lines().toList());

			for (int start = 0; start < lines.size(); start++) {

				var end = start;
				while (end < lines.size() && lines.get(end).startsWith("Rel(")) {
					end++;
				}

				if (end - start > 1) {
					lines.subList(start, end).sort(Comparator.naturalOrder());
				}
				start = Math.max(start, end);
			}

			write(diagram, String.join("\n", lines) + "\n");
		}
	}

	/**
	 * The canvases list a module's listeners in the order reflection happens to return them, which differs between
	 * JVM runs; sorting every bullet list makes the output depend on the code alone.
	 */
	private static void sortCanvasLists(Path folder) {

		for (var canvas : files(folder).stream().filter(it -> it.toString().endsWith(".adoc")).map(folder::resolve)
				.toList()) {

			var lines = read(canvas).lines().toList();
			var sorted = new ArrayList<String>();

			for (int i = 0; i < lines.size();) {

				if (!lines.get(i).startsWith("* ") && !lines.get(i).startsWith("|* ")) {
					sorted.add(lines.get(i++));
					continue;
				}

				var cell = lines.get(i).startsWith("|");
				var items = new ArrayList<String>();
				items.add(cell ? lines.get(i++).substring(1) : lines.get(i++));

				while (i < lines.size() && lines.get(i).startsWith("* ")) {
					items.add(lines.get(i++));
				}

				items.sort(Comparator.naturalOrder());
				if (cell) {
					items.set(0, "|" + items.get(0));
				}
				sorted.addAll(items);
			}

			write(canvas, String.join("\n", sorted) + "\n");
		}
	}

	private static void renderDiagrams(Path folder) {

		for (var diagram : files(folder).stream().filter(it -> it.toString().endsWith(".puml")).map(folder::resolve)
				.toList()) {

			var source = read(diagram).replaceFirst("@startuml\\R", "@startuml\n!pragma layout smetana\n");
			var svg = new ByteArrayOutputStream();

			try {
				new SourceStringReader(source).outputImage(svg, new FileFormatOption(FileFormat.SVG));
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}

			write(folder.resolve(diagram.getFileName().toString().replaceFirst("\\.puml$", ".svg")), svg.toString());
		}
	}

	/** All regular files below the folder, as sorted relative paths. */
	public static List<Path> files(Path folder) {

		if (!Files.isDirectory(folder)) {
			return List.of();
		}

		try (Stream<Path> paths = Files.walk(folder)) {
			return paths.filter(Files::isRegularFile).map(folder::relativize).sorted(Comparator.naturalOrder())
					.collect(Collectors.toList());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static String read(Path file) {

		try {
			return Files.readString(file);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static void write(Path file, String content) {

		try {
			Files.writeString(file, content);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
