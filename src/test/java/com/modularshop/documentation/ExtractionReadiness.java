package com.modularshop.documentation;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jmolecules.event.annotation.Externalized;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

import com.modularshop.architecture.SqlOwnership;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;

/**
 * How ready each module is to be lifted into its own service, computed from the module model and the migrations:
 * who depends on it, what it depends on, which messages cross its boundary and which tables would move with it.
 */
record ExtractionReadiness(List<Entry> entries) {

	record Entry(String name, String displayName, Set<String> inbound, Set<String> outbound, Set<String> publishes,
			Set<String> accepts, Set<String> consumes, Set<String> sends, Set<String> produces,
			Set<String> subscribes, String schema, Set<String> tables, List<String> crossSchemaReferences) {}

	static ExtractionReadiness of(ApplicationModules modules, JavaClasses classes, String rootPackage,
			SqlOwnership ownership) {

		var crossSchema = ownership.crossSchemaReferencesByModule();

		var entries = modules.stream().map(module -> {

			var name = module.getIdentifier().toString();
			var schema = ownership.schemas().get(name);

			var published = module.getPublishedEvents().stream().map(it -> it.getType()).toList();
			var accepted = messageTypes(classes, rootPackage + "." + name + ".commands").toList();
			var consumed = module.getEventsListenedTo(modules).stream().toList();
			var sent = commandsSentBy(module, classes, rootPackage).toList();

			return new Entry(name, module.getDisplayName(),
					names(modules.stream().filter(other -> dependsOn(other, module, modules))),
					names(module.getDirectDependencies(modules).uniqueModules()),
					simpleNames(published.stream()), simpleNames(accepted.stream()), simpleNames(consumed.stream()),
					simpleNames(sent.stream()),
					topics(Stream.concat(published.stream(), sent.stream())),
					topics(Stream.concat(consumed.stream(), accepted.stream())),
					schema == null ? "none" : schema.schema(),
					schema == null ? Set.of() : schema.tables(),
					crossSchema.getOrDefault(name, List.of()));
		})
				// A module nothing depends on can leave without any other module changing.
				.sorted(Comparator.comparingInt((Entry it) -> it.inbound().size()).thenComparing(Entry::name))
				.toList();

		return new ExtractionReadiness(entries);
	}

	String toMarkdown(String regenerateCommand) {

		var out = new StringBuilder()
				.append("# Extraction readiness\n\n")
				.append("Generated from the module model and the Flyway migrations by `").append(regenerateCommand)
				.append("`; do not edit by hand.\n\n")
				.append("Modules talk only through messages in the event publication registry, so lifting one out means\n")
				.append("externalizing the messages it exchanges and moving its schema. A module that nothing depends on\n")
				.append("can leave without any other module changing, so the suggested order is fewest inbound\n")
				.append("dependencies first. The topics are where its messages travel once it runs as its own service\n")
				.append("(`shop.modules.<module>.mode=remote` elsewhere; see the README, \"Lifting a module out\").\n\n")
				.append("## Suggested extraction order\n\n");

		for (int i = 0; i < entries.size(); i++) {
			var entry = entries.get(i);
			out.append("%d. %s (`%s`): %d inbound, %d outbound\n".formatted(i + 1, entry.displayName(), entry.name(),
					entry.inbound().size(), entry.outbound().size()));
		}

		out.append("\n## Modules\n\n")
				.append("| module | depended on by (in) | depends on (out) | schema | cross-schema references |\n")
				.append("| --- | --- | --- | --- | --- |\n");

		entries.forEach(it -> out.append("| `%s` | %s | %s | `%s` | %s |\n".formatted(it.name(), list(it.inbound()),
				list(it.outbound()), it.schema(), list(it.crossSchemaReferences()))));

		for (var it : entries) {
			out.append("\n### ").append(it.displayName()).append(" (`").append(it.name()).append("`)\n\n")
					.append("- depended on by: ").append(list(it.inbound())).append('\n')
					.append("- depends on: ").append(list(it.outbound())).append('\n')
					.append("- publishes: ").append(list(it.publishes())).append('\n')
					.append("- accepts commands: ").append(list(it.accepts())).append('\n')
					.append("- consumes: ").append(list(it.consumes())).append('\n')
					.append("- sends commands: ").append(list(it.sends())).append('\n')
					.append("- Kafka topics it produces to once lifted: ").append(list(it.produces())).append('\n')
					.append("- Kafka topics it consumes once lifted: ").append(list(it.subscribes())).append('\n')
					.append("- owns schema `").append(it.schema()).append("` with tables: ").append(list(it.tables()))
					.append('\n')
					.append("- cross-schema references: ").append(list(it.crossSchemaReferences())).append('\n');
		}

		return out.toString();
	}

	private static boolean dependsOn(ApplicationModule candidate, ApplicationModule module, ApplicationModules modules) {
		return !candidate.equals(module) && candidate.getDirectDependencies(modules).contains(module);
	}

	private static Stream<JavaClass> messageTypes(JavaClasses classes, String packageName) {
		return classes.stream()
				.filter(it -> it.getPackageName().equals(packageName))
				.filter(it -> it.isTopLevelClass() && !it.getSimpleName().equals("package-info"));
	}

	/** Commands of other modules that this module references, that is, sends. */
	private static Stream<JavaClass> commandsSentBy(ApplicationModule module, JavaClasses classes,
			String rootPackage) {

		// by name: the module model was imported separately, its JavaClass instances are not these
		return classes.stream()
				.filter(it -> module.contains(it.getName()))
				.flatMap(it -> it.getDirectDependenciesFromSelf().stream())
				.map(it -> it.getTargetClass().getBaseComponentType())
				.filter(it -> it.isTopLevelClass() && !module.contains(it.getName()))
				.filter(it -> it.getPackageName().startsWith(rootPackage + ".")
						&& it.getPackageName().endsWith(".commands"));
	}

	/** The topics the messages are externalized to, as their {@code @Externalized} says ({@code topic::key}). */
	private static Set<String> topics(Stream<JavaClass> types) {
		return types.map(it -> it.reflect().getAnnotation(Externalized.class))
				.filter(java.util.Objects::nonNull)
				.map(it -> it.value().split("::")[0])
				.collect(Collectors.toCollection(TreeSet::new));
	}

	private static Set<String> names(Stream<ApplicationModule> modules) {
		return modules.map(it -> it.getIdentifier().toString()).collect(Collectors.toCollection(TreeSet::new));
	}

	private static Set<String> simpleNames(Stream<JavaClass> types) {
		return types.map(JavaClass::getSimpleName).collect(Collectors.toCollection(TreeSet::new));
	}

	private static String list(java.util.Collection<String> values) {
		return values.isEmpty() ? "none" : values.stream().map(it -> "`" + it + "`").collect(Collectors.joining(", "));
	}
}
