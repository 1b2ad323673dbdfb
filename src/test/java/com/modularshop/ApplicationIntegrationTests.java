package com.modularshop;

import static org.assertj.core.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import com.modularshop.testsupport.ForgedTokens;

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

	@Test
	void migratesEachModuleIntoItsOwnSchema() {

		var schemas = jdbc.sql("SELECT schema_name FROM information_schema.schemata").query(String.class).list();
		assertThat(schemas).contains("users", "catalog", "ordering", "notification");

		// one Flyway history per module, plus the root one for the event publication registry
		var histories = jdbc.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
				+ " AND table_name LIKE 'flyway_schema_history%'").query(String.class).list();
		assertThat(histories).contains("flyway_schema_history", "flyway_schema_history_user",
				"flyway_schema_history_catalog", "flyway_schema_history_order", "flyway_schema_history_notification");
	}

	@Test
	void createsTheEventPublicationRegistryWithItsStatusIndex() {

		var tables = jdbc.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
				.query(String.class).list();
		assertThat(tables).contains("event_publication", "event_publication_archive");

		var index = jdbc.sql("SELECT indexdef FROM pg_indexes WHERE indexname = 'event_publication_incomplete_by_status_idx'")
				.query(String.class).single();
		assertThat(index).contains("(status, publication_date)").contains("WHERE (status <> 'COMPLETED'::text)");
	}
}
