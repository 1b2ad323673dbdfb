package com.modularshop.documentation;

import static org.assertj.core.api.Assertions.*;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.util.ApplicationModulesExporter;
import org.springframework.modulith.runtime.ApplicationRuntime;
import org.springframework.util.ClassUtils;

import com.modularshop.ModularShopApplication;
import com.modularshop.testsupport.SharedTestDatabase;

/**
 * The application takes its modules from the committed metadata file, not from a class analysis at start-up: what
 * the file leaves out is not migrated. Each test migrates a database of its own with the application's migrations and
 * Spring Modulith's module-aware Flyway support.
 */
class ModuleMetadataIntegrationTests {

	static final String LOCATION = ApplicationModulesExporter.DEFAULT_LOCATION;
	static final Path FIXTURE = Path.of("src/test/resources/fixtures/module-metadata/application-modules.json");

	/** Spring Modulith's bean that analyses the classes with ArchUnit when no metadata file is found. */
	static final String ANALYSIS = "applicationModulesInitializer";

	final ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
					runtimeAutoConfiguration()))
			.withPropertyValues("spring.modulith.runtime.flyway-enabled=true")
			// what Spring Modulith would find through the @SpringBootApplication bean of the full application
			.withBean(ApplicationRuntime.class, () -> new ApplicationRuntime() {

				@Override
				public String getId() {
					return "module-metadata";
				}

				@Override
				public Class<?> getMainApplicationClass() {
					return ModularShopApplication.class;
				}

				@Override
				public Class<?> getUserClass(Object bean, String beanName) {
					return ClassUtils.getUserClass(bean);
				}

				@Override
				public boolean isApplicationClass(Class<?> type) {
					return type.getName().startsWith("com.modularshop.");
				}
			});

	String database;
	String url;

	@BeforeEach
	void createDatabase() throws SQLException {

		database = "module_metadata_" + UUID.randomUUID().toString().replace("-", "");
		url = SharedTestDatabase.connection().url().replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + database);
		execute(SharedTestDatabase.connection().url(), "CREATE DATABASE " + database);
	}

	@AfterEach
	void dropDatabase() throws SQLException {
		execute(SharedTestDatabase.connection().url(), "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
	}

	@Test
	void migratesOnlyTheModulesTheMetadataFileLists() throws Exception {

		run(withMetadata(FIXTURE.toUri().toURL()), context -> {

			assertThat(context).hasNotFailed();
			assertThat(schemas()).contains("users", "catalog").doesNotContain("ordering", "notification");
			assertThat(historyTables()).containsExactlyInAnyOrder("flyway_schema_history",
					"flyway_schema_history_user", "flyway_schema_history_catalog");
			assertThat(context.getBeanFactory().containsSingleton(ANALYSIS)).isFalse();
		});
	}

	@Test
	void migratesEveryModuleOfTheCommittedMetadataWithoutAnalysingTheClasses() throws Exception {

		assertThat(ModuleMetadata.moduleNames(Files.readString(ModuleMetadata.COMMITTED)))
				.containsExactlyInAnyOrder("user", "catalog", "order", "notification");

		run(getClass().getClassLoader(), context -> {

			assertThat(context).hasNotFailed();
			assertThat(schemas()).contains("users", "catalog", "ordering", "notification");
			assertThat(historyTables()).hasSize(5);
			assertThat(context.getBeanFactory().containsSingleton(ANALYSIS)).isFalse();
		});
	}

	/** The control: without the file the same start-up runs the class analysis, so the check above can fail. */
	@Test
	void analysesTheClassesWhenTheMetadataFileIsMissing() throws Exception {

		run(withMetadata(null), context -> {

			assertThat(context).hasNotFailed();
			assertThat(historyTables()).hasSize(5);
			assertThat(context.getBeanFactory().containsSingleton(ANALYSIS)).isTrue();
		});
	}

	/** The freshness check of {@code DocumentationTests} compares this text: the fixture would count as stale. */
	@Test
	void generatedMetadataListsEveryModuleAndDiffersFromAStaleCopy() throws IOException {

		var generated = ModuleMetadata.of(ApplicationModules.of(ModularShopApplication.class));

		assertThat(ModuleMetadata.moduleNames(generated)).containsExactly("catalog", "user", "order", "notification");
		assertThat(ModuleMetadata.canonical(Files.readString(FIXTURE))).isNotEqualTo(generated);
		assertThat(ModuleMetadata.canonical(generated)).isEqualTo(generated);
	}

	private void run(ClassLoader classLoader, ContextConsumer<AssertableApplicationContext> assertions) {

		var connection = SharedTestDatabase.connection();

		runner.withClassLoader(classLoader)
				.withPropertyValues("spring.datasource.url=" + url, "spring.datasource.username=" + connection.username(),
						"spring.datasource.password=" + connection.password())
				.run(assertions);
	}

	/** The test class path, except that the metadata file is the given one, or absent. */
	private static ClassLoader withMetadata(URL metadata) {

		return new ClassLoader(ModuleMetadataIntegrationTests.class.getClassLoader()) {

			@Override
			public URL getResource(String name) {
				return LOCATION.equals(name) ? metadata : super.getResource(name);
			}

			@Override
			public Enumeration<URL> getResources(String name) throws IOException {
				return LOCATION.equals(name)
						? Collections.enumeration(metadata == null ? List.of() : List.of(metadata))
						: super.getResources(name);
			}
		};
	}

	private List<String> schemas() throws SQLException {
		return query("SELECT schema_name FROM information_schema.schemata");
	}

	private List<String> historyTables() throws SQLException {
		return query("SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'flyway_schema_history%'");
	}

	private List<String> query(String sql) throws SQLException {

		var connection = SharedTestDatabase.connection();

		try (var jdbc = DriverManager.getConnection(url, connection.username(), connection.password());
				var result = jdbc.createStatement().executeQuery(sql)) {

			var values = new ArrayList<String>();
			while (result.next()) {
				values.add(result.getString(1));
			}
			return values;
		}
	}

	private static void execute(String url, String sql) throws SQLException {

		var connection = SharedTestDatabase.connection();

		try (var jdbc = DriverManager.getConnection(url, connection.username(), connection.password())) {
			jdbc.createStatement().execute(sql);
		}
	}

	private static Class<?> runtimeAutoConfiguration() {
		return ClassUtils.resolveClassName(
				"org.springframework.modulith.runtime.autoconfigure.SpringModulithRuntimeAutoConfiguration", null);
	}
}
