package com.modularshop.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;

/**
 * Who owns which tables, read from the module-aware Flyway layout ({@code db/migration/<module>/}): a module owns the
 * one schema its migrations create. Its migrations, its mapped tables ({@code @Table}) and its queries
 * ({@code @Query}) must stay inside that schema: every table they name is qualified with it and no other module's
 * schema is mentioned at all.
 */
public final class SqlOwnership {

	/** What a module owns, as its migrations declare it. */
	public record ModuleSchema(String module, String schema, SortedSet<String> tables) {}

	private static final String TABLE_ANNOTATION = "org.springframework.data.relational.core.mapping.Table";
	private static final String QUERY_ANNOTATION = "org.springframework.data.jdbc.repository.query.Query";

	private static final Pattern CREATE_SCHEMA = Pattern
			.compile("(?i)\\bCREATE\\s+SCHEMA\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([\\w\"]+)");
	private static final Pattern CREATE_TABLE = Pattern
			.compile("(?i)\\bCREATE\\s+(?:UNLOGGED\\s+)?TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([\\w.\"]+)");
	private static final Pattern TABLE_REFERENCE = Pattern.compile(
			"(?i)\\b(?:TABLE|INTO|FROM|JOIN|UPDATE|REFERENCES|TRUNCATE)\\s+(?:IF\\s+(?:NOT\\s+)?EXISTS\\s+)?(?:ONLY\\s+)?([\\w.\"]+)");
	private static final Pattern INDEXED_TABLE = Pattern.compile("(?i)\\bINDEX\\b[^;]*?\\bON\\s+(?:ONLY\\s+)?([\\w.\"]+)");
	private static final Pattern QUALIFIED_NAME = Pattern.compile("\\b(\\w+)\\.(\\w+)");

	/**
	 * Words that follow the keywords above without naming a table ({@code ON DELETE CASCADE}, {@code COMMENT ON TABLE},
	 * {@code FOR UPDATE SKIP LOCKED}).
	 */
	private static final Set<String> NOT_TABLES = Set.of("delete", "update", "cascade", "restrict", "set", "no",
			"conflict", "commit", "table", "column", "schema", "index", "constraint", "sequence", "function",
			"skip", "nowait");

	private final Map<String, ModuleSchema> schemas;
	private final Map<String, String> migrations; // "module/file" -> SQL without comments and literals
	private final List<String> problems;

	private SqlOwnership(Map<String, ModuleSchema> schemas, Map<String, String> migrations, List<String> problems) {
		this.schemas = schemas;
		this.migrations = migrations;
		this.problems = problems;
	}

	/**
	 * @param migrationRoot the folder holding one migration folder per module ({@code __root} is the framework's own).
	 */
	public static SqlOwnership scan(Path migrationRoot) {

		var schemas = new TreeMap<String, ModuleSchema>();
		var migrations = new TreeMap<String, String>();
		var problems = new ArrayList<String>();

		for (var folder : list(migrationRoot)) {

			var module = folder.getFileName().toString();

			if (!Files.isDirectory(folder) || module.equals("__root")) {
				continue;
			}

			var created = new TreeSet<String>();
			var tables = new TreeSet<String>();

			for (var file : list(folder)) {

				var sql = withoutCommentsAndLiterals(read(file));
				migrations.put(module + "/" + file.getFileName(), sql);
				CREATE_SCHEMA.matcher(sql).results().forEach(it -> created.add(normalise(it.group(1))));
				CREATE_TABLE.matcher(sql).results().forEach(it -> tables.add(normalise(it.group(1))));
			}

			if (created.size() != 1) {
				problems.add("module '%s' must create exactly one schema in its migrations, creates %s"
						.formatted(module, created));
				continue;
			}

			schemas.put(module, new ModuleSchema(module, created.first(), tables));
		}

		return new SqlOwnership(schemas, migrations, problems);
	}

	/** The schema each module owns, by module name. */
	public Map<String, ModuleSchema> schemas() {
		return schemas;
	}

	/** Violations in the migrations alone. */
	public List<String> migrationViolations() {

		var violations = new ArrayList<>(problems);

		migrations.forEach((location, sql) -> {

			var module = location.substring(0, location.indexOf('/'));

			if (schemas.containsKey(module)) {
				violations.addAll(check(module, "migration " + location, sql));
			}
		});

		return violations;
	}

	/** Violations in the migrations and in the tables and queries mapped by the given classes. */
	public List<String> violations(JavaClasses classes, String rootPackage) {

		var violations = new ArrayList<>(migrationViolations());

		for (JavaClass type : classes) {

			var module = BoundaryRules.moduleOf(type, rootPackage, BoundaryRules.modulesOf(type, rootPackage));

			if (module.isEmpty()) {
				continue;
			}

			var owned = schemas.get(module.get());

			type.tryGetAnnotationOfType(TABLE_ANNOTATION).ifPresent(table -> {

				var schema = table.get("schema").map(Object::toString).orElse("");

				if (owned == null || !schema.equalsIgnoreCase(owned.schema())) {
					violations.add("%s maps a table in schema '%s', but module '%s' owns %s".formatted(type.getName(),
							schema, module.get(), owned == null ? "no schema" : "'" + owned.schema() + "'"));
				}
			});

			type.getMethods().forEach(method -> method.tryGetAnnotationOfType(QUERY_ANNOTATION)
					.flatMap(query -> query.get("value"))
					.ifPresent(sql -> violations.addAll(check(module.get(), "query of " + method.getFullName(),
							withoutCommentsAndLiterals(sql.toString())))));
		}

		return violations;
	}

	private static final Pattern TEXT_BLOCK = Pattern.compile("(?s)\"\"\"(.*?)\"\"\"");
	private static final Pattern STRING_LITERAL = Pattern.compile("\"((?:[^\"\\\\\n]|\\\\.)*)\"");

	/**
	 * Violations in SQL that modules run through {@code JdbcClient} or {@code JdbcTemplate}: every string literal and
	 * text block in a module's sources that mentions another module's schema.
	 *
	 * @param sourceRoot the Java source root, e.g. {@code src/main/java}
	 */
	public List<String> sourceViolations(Path sourceRoot, String rootPackage) {

		var violations = new ArrayList<String>();

		for (var module : schemas.keySet()) {

			var folder = sourceRoot.resolve(rootPackage.replace('.', '/')).resolve(module);

			if (!Files.isDirectory(folder)) {
				continue;
			}

			try (Stream<Path> files = Files.walk(folder)) {
				files.filter(it -> it.toString().endsWith(".java")).sorted().forEach(file -> {

					var source = read(file);
					var literals = new ArrayList<String>();
					TEXT_BLOCK.matcher(source).results().forEach(it -> literals.add(it.group(1)));
					STRING_LITERAL.matcher(TEXT_BLOCK.matcher(source).replaceAll("")).results()
							.forEach(it -> literals.add(it.group(1)));

					literals.stream()
							.flatMap(it -> crossSchemaReferences(module, it).stream())
							.distinct()
							.forEach(it -> violations.add("%s of module '%s' references '%s' in another module's schema"
									.formatted(sourceRoot.relativize(file), module, it)));
				});
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}

		return violations;
	}

	/** Qualified {@code schema.table} names in the given SQL that belong to another module's schema. */
	public List<String> crossSchemaReferences(String module, String sql) {

		var own = schemas.get(module);
		var others = new TreeSet<String>();

		schemas.values().stream()
				.filter(it -> own == null || !it.schema().equals(own.schema()))
				.forEach(it -> others.add(it.schema()));

		return QUALIFIED_NAME.matcher(sql).results()
				.filter(it -> others.contains(normalise(it.group(1))))
				.map(it -> normalise(it.group()))
				.distinct()
				.toList();
	}

	/** Cross-schema references found in each module's migrations, by module. */
	public Map<String, List<String>> crossSchemaReferencesByModule() {

		var result = new TreeMap<String, List<String>>();

		migrations.forEach((location, sql) -> {
			var module = location.substring(0, location.indexOf('/'));
			result.computeIfAbsent(module, __ -> new ArrayList<>()).addAll(crossSchemaReferences(module, sql));
		});

		return result;
	}

	private List<String> check(String module, String where, String sql) {

		var schema = schemas.get(module).schema();
		var foreign = crossSchemaReferences(module, sql);
		var violations = new ArrayList<String>();

		Stream.concat(TABLE_REFERENCE.matcher(sql).results(), INDEXED_TABLE.matcher(sql).results())
				.map(it -> normalise(it.group(1)))
				.filter(it -> !NOT_TABLES.contains(it))
				.filter(it -> !it.startsWith(schema + ".") && !foreign.contains(it)) // reported below
				.distinct()
				.forEach(it -> violations.add("%s of module '%s' names table '%s' outside its schema '%s'"
						.formatted(where, module, it, schema)));

		foreign.forEach(it -> violations.add("%s of module '%s' references '%s' in another module's schema"
						.formatted(where, module, it)));

		return violations;
	}

	private static String normalise(String identifier) {
		return identifier.replace("\"", "").toLowerCase(Locale.ROOT);
	}

	static String withoutCommentsAndLiterals(String sql) {

		return sql.replaceAll("(?s)/\\*.*?\\*/", " ")
				.replaceAll("--[^\\n]*", " ")
				.replaceAll("'(?:[^']|'')*'", "''");
	}

	private static List<Path> list(Path folder) {

		try (Stream<Path> files = Files.list(folder)) {
			return files.sorted().toList();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static String read(Path file) {

		try {
			return Files.readString(file);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
