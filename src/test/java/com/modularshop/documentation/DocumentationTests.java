package com.modularshop.documentation;

import static org.assertj.core.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.util.FileSystemUtils;

import com.modularshop.ModularShopApplication;
import com.modularshop.architecture.SqlOwnership;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Regenerates the module documentation and the module metadata the application reads at start-up into
 * {@code target/} and fails when the committed {@code docs/modules/} or {@link ModuleMetadata#COMMITTED} differs. With
 * {@code -Ddocs.update=true} (the {@code docs} Maven profile) it replaces the committed copies instead.
 */
class DocumentationTests {

	static final Path COMMITTED = Path.of("docs/modules");
	static final Path GENERATED = Path.of("target/generated-docs/modules");
	static final Path GENERATED_METADATA = Path.of("target/generated-docs/application-modules.json");
	static final Pattern EMBEDDED_SOURCE = Pattern.compile("<!--SRC=\\[(.*?)\\]-->", Pattern.DOTALL);

	@Test
	void committedModuleDocumentationIsCurrent() throws IOException {

		var root = ModularShopApplication.class.getPackageName();
		var classes = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
				.importPackages(root);

		var modules = ApplicationModules.of(ModularShopApplication.class);
		ModuleDocumentation.write(modules, classes, root, SqlOwnership.scan(Path.of("src/main/resources/db/migration")),
				GENERATED);
		var metadata = ModuleMetadata.of(modules);
		ModuleMetadata.write(GENERATED_METADATA, metadata);

		if (Boolean.getBoolean("docs.update")) {
			FileSystemUtils.deleteRecursively(COMMITTED);
			FileSystemUtils.copyRecursively(GENERATED, COMMITTED);
			ModuleMetadata.write(ModuleMetadata.COMMITTED, metadata);
			return;
		}

		// A stale copy would make the runtime skip a new module's migrations: compared before the documentation.
		assertThat(ModuleMetadata.COMMITTED)
				.as("%s is missing; generate it with '%s' and commit it", ModuleMetadata.COMMITTED,
						ModuleDocumentation.REGENERATE_COMMAND)
				.exists();
		assertThat(Files.readString(ModuleMetadata.COMMITTED))
				.as("%s is stale; regenerate it with '%s' and commit the result", ModuleMetadata.COMMITTED,
						ModuleDocumentation.REGENERATE_COMMAND)
				.isEqualTo(metadata);

		var stale = new ArrayList<String>();
		var committed = ModuleDocumentation.files(COMMITTED);
		var generated = ModuleDocumentation.files(GENERATED);

		generated.stream().filter(it -> !committed.contains(it)).forEach(it -> stale.add("missing: " + it));
		committed.stream().filter(it -> !generated.contains(it)).forEach(it -> stale.add("obsolete: " + it));
		generated.stream().filter(committed::contains)
				.filter(it -> !comparable(it, COMMITTED).equals(comparable(it, GENERATED)))
				.forEach(it -> stale.add("changed: " + it));

		assertThat(stale)
				.as("docs/modules is stale; regenerate it with '%s' and commit the result",
						ModuleDocumentation.REGENERATE_COMMAND)
				.isEmpty();
	}

	/**
	 * Text layout in an SVG depends on the fonts of the machine that rendered it; the diagram source PlantUML embeds
	 * in it does not, so SVGs are compared by that source.
	 */
	private static String comparable(Path file, Path folder) {

		var content = ModuleDocumentation.read(folder.resolve(file));

		if (!file.toString().endsWith(".svg")) {
			return content;
		}

		var source = EMBEDDED_SOURCE.matcher(content);
		return source.find() ? source.group(1) : content;
	}

	@Test
	void documentsAllFourModulesWithRenderedDiagrams() throws IOException {

		// The committed copy is what readers see; the freshness test above keeps it equal to the code.
		assertThat(COMMITTED.resolve("components.svg")).exists();
		assertThat(Files.readString(COMMITTED.resolve("components.puml")))
				.contains("Users", "Catalog", "Ordering", "Notifications");

		try (Stream<Path> files = Files.list(COMMITTED)) {
			assertThat(files.map(it -> it.getFileName().toString()).sorted(Comparator.naturalOrder()))
					.contains("module-user.puml", "module-user.svg", "module-user.adoc",
							"module-catalog.svg", "module-order.svg", "module-notification.svg",
							"all-docs.adoc", "extraction-readiness.md");
		}
	}
}
