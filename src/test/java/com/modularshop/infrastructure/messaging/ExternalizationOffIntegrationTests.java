package com.modularshop.infrastructure.messaging;

import static org.assertj.core.api.Assertions.*;

import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.modulith.events.EventExternalizationConfiguration;

import com.modularshop.ModularShopApplication;
import com.modularshop.testsupport.KafkaClients;
import com.modularshop.testsupport.SharedTestDatabase;
import com.modularshop.testsupport.SharedTestKafka;

/**
 * Kafka stays out of the way by default, and the switch refuses what would lose messages.
 */
class ExternalizationOffIntegrationTests {

	@Test
	void createsNoKafkaClientNorItsInfrastructureWhenExternalizationIsOff() throws Exception {

		var before = KafkaClients.alive();

		try (var context = new SpringApplicationBuilder(ModularShopApplication.class).run("--server.port=0")) {

			// a message that would be externalized if it were on
			var port = context.getEnvironment().getProperty("local.server.port");
			var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
					.newBuilder(java.net.URI.create("http://localhost:" + port + "/api/users"))
					.header("Content-Type", "application/json")
					.POST(java.net.http.HttpRequest.BodyPublishers.ofString("""
							{"email": "off-%s@shop.test", "name": "Off", "password": "long enough password"}"""
							.formatted(UUID.randomUUID()))).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(201);

			assertThat(context.getBeansOfType(InboundMessages.class)).isEmpty();
			assertThat(context.getBeansOfType(EventExternalizationConfiguration.class)).isEmpty();
			assertThat(context.getBeansOfType(KafkaAdmin.NewTopics.class)).isEmpty();
			// Boot's Kafka auto-configuration is not even considered (KafkaAutoConfigurationFilter)
			assertThat(context.getBeansOfType(KafkaAdmin.class)).isEmpty();
			assertThat(context.getBeansOfType(KafkaTemplate.class)).isEmpty();
			assertThat(context.getBeansOfType(ProducerFactory.class)).isEmpty();
			assertThat(KafkaClients.alive()).as("Kafka clients created").isEqualTo(before);
		}
	}

	@Test
	void refusesToLiftAModuleWhosePublicationsAreStillIncompleteHere() {

		var database = SharedTestDatabase.freshDatabase();
		var dataSource = new DriverManagerDataSource(database.url(), database.username(), database.password());
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/__root").load().migrate();
		var jdbc = JdbcClient.create(dataSource);
		for (var i = 0; i < 2; i++) {
			jdbc.sql("""
					INSERT INTO event_publication (id, listener_id, event_type, serialized_event, publication_date, status,
					  completion_attempts)
					VALUES (:id, 'com.modularshop.notification.NotificationListeners.on(com.modularshop.user.events.UserRegistered)',
					  'com.modularshop.user.events.UserRegistered', '{}', now(), 'PUBLISHED', 0)""")
					.param("id", UUID.randomUUID()).update();
		}

		assertThat(startupFailure("--spring.datasource.url=" + database.url(),
				"--spring.datasource.username=" + database.username(),
				"--spring.datasource.password=" + database.password(),
				"--spring.modulith.events.externalization.enabled=true",
				"--spring.kafka.bootstrap-servers=" + SharedTestKafka.bootstrapServers(),
				"--shop.modules.notification.mode=remote"))
				.hasMessageContaining("2 for module notification (shop.modules.notification.mode=remote)");
	}

	@Test
	void refusesAModuleThatDoesNotExist() {
		assertThat(startupFailure("--shop.modules.notifications.mode=remote")).hasMessageContaining(
				"shop.modules.notifications: no such module; the modules are catalog, notification, order, user");
	}

	@Test
	void aRemoteModuleNeedsKafka() {
		assertThat(startupFailure("--shop.modules.notification.mode=remote"))
				.hasMessageContaining("spring.modulith.events.externalization.enabled=true");
	}

	/** Why the application refused to start, as the operator reads it. */
	private static Throwable startupFailure(String... arguments) {

		var all = new java.util.ArrayList<>(java.util.List.of("--server.port=0"));
		all.addAll(java.util.List.of(arguments));

		var failure = catchThrowable(() -> new SpringApplicationBuilder(ModularShopApplication.class)
				.run(all.toArray(String[]::new)).close());
		assertThat(failure).as("start-up failed").isNotNull();
		var cause = NestedExceptionUtils.getMostSpecificCause(failure);
		assertThat(cause).isInstanceOf(IllegalStateException.class);

		return cause;
	}
}
