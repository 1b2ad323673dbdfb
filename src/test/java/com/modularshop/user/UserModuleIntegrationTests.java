package com.modularshop.user;

import static org.assertj.core.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;

/**
 * The user module bootstraps on its own, with its own migrations.
 */
@ApplicationModuleTest
class UserModuleIntegrationTests {

	@Autowired JdbcClient jdbc;

	@Test
	void bootstrapsAloneAndMigratesItsSchema() {

		var migrated = jdbc.sql("SELECT count(*) FROM flyway_schema_history_user WHERE success")
				.query(Integer.class).single();
		var schema = jdbc.sql("SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'users'")
				.query(Integer.class).single();

		assertThat(migrated).isPositive();
		assertThat(schema).isOne();
	}
}
