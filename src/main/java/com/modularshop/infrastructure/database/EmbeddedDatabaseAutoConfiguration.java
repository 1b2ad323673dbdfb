package com.modularshop.infrastructure.database;

import java.io.IOException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Makes {@code java -jar} work on a fresh machine: without a configured {@code spring.datasource.url} the application
 * runs its own PostgreSQL on a persistent data directory. Exposed as {@link JdbcConnectionDetails}, so Spring Boot's
 * regular DataSource, pool settings and Flyway apply unchanged. The server is stopped after the pool is closed because
 * the connection details bean depends on it. {@link EmbeddedDatabaseEarlyStart} starts it while the context is
 * refreshed.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@Conditional(EmbeddedDatabaseAutoConfiguration.NoDataSourceConfigured.class)
@EnableConfigurationProperties(EmbeddedDatabaseSettings.class)
public class EmbeddedDatabaseAutoConfiguration {

	@Bean(destroyMethod = "close")
	EmbeddedPostgresServer embeddedPostgres(EmbeddedDatabaseSettings settings,
			ObjectProvider<EmbeddedDatabaseEarlyStart.Startup> earlyStart) throws IOException {

		var startup = earlyStart.getIfAvailable();

		return startup != null ? startup.take()
				: EmbeddedPostgresServer.start(settings.dataDirectory(), settings.port());
	}

	@Bean
	JdbcConnectionDetails embeddedPostgresConnectionDetails(EmbeddedPostgresServer postgres) {

		var url = "jdbc:postgresql://localhost:%d/postgres".formatted(postgres.port());

		return new JdbcConnectionDetails() {

			@Override
			public String getUsername() {
				return EmbeddedPostgresServer.USER;
			}

			@Override
			public String getPassword() {
				return postgres.password();
			}

			@Override
			public String getJdbcUrl() {
				return url;
			}
		};
	}

	static boolean isNeeded(Environment environment) {
		return !StringUtils.hasText(environment.getProperty("spring.datasource.url")) && settings(environment).enabled();
	}

	/** Bound before any bean exists (a condition, the early start), with the defaults of the record. */
	static EmbeddedDatabaseSettings settings(Environment environment) {
		return Binder.get(environment).bindOrCreate("shop.embedded-database",
				Bindable.of(EmbeddedDatabaseSettings.class));
	}

	static class NoDataSourceConfigured implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return isNeeded(context.getEnvironment());
		}
	}
}
