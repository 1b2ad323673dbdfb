package com.modularshop;

import static org.assertj.core.api.Assertions.*;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import com.modularshop.testsupport.ForgedTokens;
import com.modularshop.testsupport.ModuleSchema;

/**
 * The whole application on a real PostgreSQL: migrations applied per module, operations endpoints up.
 */
@SpringBootTest
@AutoConfigureMockMvc
class ApplicationIntegrationTests {

	@Autowired MockMvcTester mvc;
	@Autowired JdbcClient jdbc;

	@Test
	void reportsTheDatabaseHealthToAdministrators() {

		var admin = ForgedTokens.adminBearer();

		// the overall status also reflects the event registry, which other tests sharing the database may fill
		assertThat(mvc.get().uri("/actuator/health").header("Authorization", admin))
				.bodyJson().extractingPath("$.components.db.status").isEqualTo("UP");
		assertThat(mvc.get().uri("/actuator/health/liveness")).hasStatusOk()
				.bodyJson().extractingPath("$.status").isEqualTo("UP");
	}

	@Test
	void exposesTheModuleModelToAdministratorsOnly() {

		var admin = ForgedTokens.adminBearer();
		var customer = ForgedTokens.customerBearer();

		assertThat(mvc.get().uri("/actuator/modulith")).hasStatus(401);
		assertThat(mvc.get().uri("/actuator/modulith").header("Authorization", customer)).hasStatus(403);
		assertThat(mvc.get().uri("/actuator/modulith").header("Authorization", admin)).hasStatusOk()
				.bodyJson().extractingPath("$").asMap()
				.containsOnlyKeys("user", "catalog", "order", "notification");
	}

	/** Each module's own Flyway history, with every migration of the module applied, and the schema they create. */
	@ParameterizedTest(name = "{0}")
	@MethodSource("com.modularshop.testsupport.ModuleSchema#all")
	void migratesEachModuleIntoItsOwnSchema(ModuleSchema module) throws IOException {

		var migrations = new PathMatchingResourcePatternResolver()
				.getResources("classpath*:db/migration/%s/*.sql".formatted(module.module())).length;
		// applied SQL migrations only, not the row Flyway adds for its own bookkeeping
		var migrated = jdbc.sql("SELECT count(*) FROM %s WHERE success AND type = 'SQL'"
				.formatted(module.flywayHistory())).query(Integer.class).single();
		var schema = jdbc.sql("SELECT count(*) FROM information_schema.schemata WHERE schema_name = :schema")
				.param("schema", module.schema()).query(Integer.class).single();

		assertThat(migrations).isGreaterThanOrEqualTo(2);
		assertThat(migrated).isEqualTo(migrations);
		assertThat(schema).isOne();
	}

	@Test
	void createsTheEventPublicationRegistryWithItsStatusIndex() {

		var tables = jdbc.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
				.query(String.class).list();
		// created by the root migrations, with their own Flyway history beside the modules' ones
		assertThat(tables).contains("event_publication", "event_publication_archive", "flyway_schema_history");

		var index = jdbc.sql("SELECT indexdef FROM pg_indexes WHERE indexname = 'event_publication_incomplete_by_status_idx'")
				.query(String.class).single();
		assertThat(index).contains("(status, publication_date)").contains("WHERE (status <> 'COMPLETED'::text)");
	}

	@Test
	void analyzesTheArchiveOnlyWhenItHasDoubledAndKeepsNoStatisticsOnItsPayloads() {

		var options = jdbc.sql("SELECT array_to_string(reloptions, ',') FROM pg_class "
				+ "WHERE oid = 'event_publication_archive'::regclass").query(String.class).single();
		var payloadTarget = jdbc.sql("SELECT attstattarget FROM pg_attribute "
				+ "WHERE attrelid = 'event_publication_archive'::regclass AND attname = 'serialized_event'")
				.query(Integer.class).single();

		assertThat(options).contains("autovacuum_analyze_scale_factor=1.0");
		assertThat(payloadTarget).isZero();
	}

	@Test
	void indexesThePublicationsOnlyForTheRegistrysOwnQueries() {

		var indexes = jdbc.sql("SELECT indexname, indexdef FROM pg_indexes "
				+ "WHERE tablename IN ('event_publication', 'event_publication_archive')")
				.query((rs, row) -> Map.entry(rs.getString(1), rs.getString(2))).list();

		// no index on the serialized events, which every insert and claim would have to hash
		assertThat(indexes).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("event_publication_pkey",
				"event_publication_incomplete_by_status_idx", "event_publication_by_completion_date_idx",
				"event_publication_archive_pkey", "event_publication_archive_by_completion_date_idx");
		// in the archive completion mode no row of event_publication has a completion date, so none gets an entry
		assertThat(indexes).filteredOn(index -> index.getKey().equals("event_publication_by_completion_date_idx"))
				.singleElement().extracting(Map.Entry::getValue).asString()
				.endsWith("WHERE (completion_date IS NOT NULL)");
	}
}
