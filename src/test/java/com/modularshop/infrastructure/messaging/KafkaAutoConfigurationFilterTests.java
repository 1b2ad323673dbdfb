package com.modularshop.infrastructure.messaging;

import static org.assertj.core.api.Assertions.*;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import com.modularshop.infrastructure.modules.Deployment;

/**
 * Boot's and Spring Modulith's Kafka auto-configurations are considered exactly while externalization is on; every
 * other auto-configuration always is.
 */
class KafkaAutoConfigurationFilterTests {

	static final String[] CANDIDATES = { "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
			"org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration",
			"org.springframework.modulith.events.kafka.KafkaJacksonConfiguration",
			"org.springframework.modulith.events.config.EventExternalizationAutoConfiguration",
			"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration", null };

	@Test
	void leavesKafkaOutWhileExternalizationIsOff() {

		assertThat(filter(Map.of())).containsExactly(false, false, false, true, true, true);
		assertThat(filter(Map.of(Deployment.EXTERNALIZATION, "false")))
				.containsExactly(false, false, false, true, true, true);
	}

	@Test
	void takesKafkaInWhenExternalizationIsOn() {
		assertThat(filter(Map.of(Deployment.EXTERNALIZATION, "true"))).containsOnly(true);
	}

	static boolean[] filter(Map<String, Object> properties) {

		var environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		var filter = new KafkaAutoConfigurationFilter();
		filter.setEnvironment(environment);

		return filter.match(CANDIDATES, null);
	}
}
