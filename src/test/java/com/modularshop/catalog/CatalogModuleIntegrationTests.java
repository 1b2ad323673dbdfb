package com.modularshop.catalog;

import static org.assertj.core.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;

/**
 * The catalog module bootstraps on its own, with its own migrations.
 */
@ApplicationModuleTest
class CatalogModuleIntegrationTests {

	@Autowired JdbcClient jdbc;

	@Test
	void bootstrapsAloneAndMigratesItsSchema() {

		var migrated = jdbc.sql("SELECT count(*) FROM flyway_schema_history_catalog WHERE success")
				.query(Integer.class).single();
		var schema = jdbc.sql("SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'catalog'")
				.query(Integer.class).single();

		assertThat(migrated).isPositive();
		assertThat(schema).isOne();
	}
}
