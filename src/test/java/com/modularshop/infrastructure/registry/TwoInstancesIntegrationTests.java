package com.modularshop.infrastructure.registry;

import static org.assertj.core.api.Assertions.*;
import static org.awaitility.Awaitility.*;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;

import com.modularshop.ModularShopApplication;

/**
 * Two instances of the application on one database, both supervising the registry: a backlog of publications left
 * behind by a crashed process is delivered once, not once per instance.
 */
class TwoInstancesIntegrationTests {

	/** The message of this test; its listener counts deliveries per message across both instances. */
	public record Backlogged(UUID eventId) {}

	static final Map<UUID, AtomicInteger> DELIVERIES = new ConcurrentHashMap<>();

	@Configuration(proxyBeanMethods = false)
	static class BacklogListenerConfiguration {

		@Bean
		BacklogListener backlogListener() {
			return new BacklogListener();
		}
	}

	static class BacklogListener {

		@ApplicationModuleListener
		void on(Backlogged message) {
			DELIVERIES.computeIfAbsent(message.eventId(), __ -> new AtomicInteger()).incrementAndGet();
		}
	}

	List<ConfigurableApplicationContext> instances = List.of();

	@AfterEach
	void stopInstances() {
		instances.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void deliversABacklogOnceWithTwoInstancesSupervising() {

		instances = IntStream.range(0, 2).mapToObj(i -> new SpringApplicationBuilder(ModularShopApplication.class,
				BacklogListenerConfiguration.class)
				.run("--server.port=0", "--shop.events.supervision.enabled=true", "--shop.events.retry.interval=100ms",
						"--shop.events.retry.stale-after=30s"))
				.toList();

		var jdbc = instances.get(0).getBean(JdbcClient.class);
		var listenerId = BacklogListener.class.getName() + ".on(" + Backlogged.class.getName() + ")";
		var backlog = IntStream.range(0, 200).mapToObj(i -> UUID.randomUUID()).toList();

		// what a killed process leaves: publications that were never completed, long stale
		backlog.forEach(id -> jdbc.sql("""
				INSERT INTO event_publication (id, listener_id, event_type, serialized_event, publication_date, status,
				  completion_attempts)
				VALUES (:id, :listener, :type, :event, now() - interval '1 hour', 'PUBLISHED', 1)
				""").param("id", UUID.randomUUID()).param("listener", listenerId)
				.param("type", Backlogged.class.getName()).param("event", "{\"eventId\":\"" + id + "\"}").update());

		await().atMost(Duration.ofMinutes(1)).untilAsserted(
				() -> assertThat(backlog).allSatisfy(id -> assertThat(DELIVERIES.get(id)).isNotNull()));
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(backlog)
				.allSatisfy(id -> assertThat(DELIVERIES.get(id).get()).as("deliveries of %s", id).isOne()));

		assertThat(jdbc.sql("SELECT count(*) FROM event_publication WHERE listener_id = :listener")
				.param("listener", listenerId).query(Long.class).single()).isZero();
	}
}
