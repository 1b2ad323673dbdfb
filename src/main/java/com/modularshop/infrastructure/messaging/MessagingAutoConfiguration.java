package com.modularshop.infrastructure.messaging;

import io.micrometer.observation.ObservationRegistry;

import java.util.LinkedHashMap;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.converter.ByteArrayJacksonJsonMessageConverter;
import org.springframework.kafka.support.converter.RecordMessageConverter;
import org.springframework.messaging.Message;
import org.springframework.modulith.events.EventExternalizationConfiguration;
import org.springframework.modulith.events.config.EventExternalizationAutoConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.json.JsonMapper;

import com.modularshop.infrastructure.modules.Deployment;

/**
 * Messages to and from Kafka, only when {@code spring.modulith.events.externalization.enabled=true} (off by default:
 * then none of this exists and no Kafka client is ever created). Spring Modulith's externalizer sends what this
 * process sends and a remote module consumes, with the {@code eventId} and logical type as headers, to the topic
 * and key each record's {@code @Externalized} names; {@link InboundMessages} takes in what local modules need from
 * remote ones.
 */
@AutoConfiguration(before = EventExternalizationAutoConfiguration.class,
		beforeName = "org.springframework.modulith.events.kafka.KafkaJacksonConfiguration")
@ConditionalOnBooleanProperty("spring.modulith.events.externalization.enabled")
@EnableConfigurationProperties(MessagingSettings.class)
public class MessagingAutoConfiguration {

	@Bean
	MessageTypes messageTypes(Deployment deployment) {
		return MessageTypes.scan(deployment);
	}

	/** Replaces Spring Modulith's default selection: what is sent here, with our headers; routing as annotated. */
	@Bean
	EventExternalizationConfiguration eventExternalizationConfiguration(MessageTypes types) {
		return EventExternalizationConfiguration.externalizing()
				.select(types::externalizedHere)
				.headers(types::headers)
				.build();
	}

	/**
	 * JSON values as Spring Modulith writes them, without spring-kafka's {@code __TypeId__} header: the Java class name
	 * is no part of the contract, the logical type header is.
	 */
	@Bean
	RecordMessageConverter recordMessageConverter(JsonMapper json) {
		return new ByteArrayJacksonJsonMessageConverter(json) {
			@Override
			protected Headers initialRecordHeaders(Message<?> message) {
				return new RecordHeaders();
			}
		};
	}

	/** Every message topic and its dead-letter topic, created if missing when the application starts. */
	@Bean
	KafkaAdmin.NewTopics messageTopics(MessageTypes types, MessagingSettings settings) {
		return new KafkaAdmin.NewTopics(types.topics().stream()
				.flatMap(topic -> java.util.stream.Stream.of(topic, topic + ".dlt"))
				.map(topic -> TopicBuilder.name(topic).partitions(settings.partitions()).build())
				.toArray(NewTopic[]::new));
	}

	@Bean
	InboundMessages inboundMessages(ConsumerFactory<Object, Object> consumers,
			KafkaOperations<Object, Object> operations, MessageTypes types, Deployment deployment, JdbcClient jdbc,
			TransactionTemplate transactions, ApplicationEventPublisher publisher, JsonMapper json,
			MessagingSettings settings, ObservationRegistry observations,
			@Value("${spring.kafka.listener.observation-enabled:false}") boolean observed) {

		var inboxes = new LinkedHashMap<String, String>();
		types.inbound().stream().flatMap(it -> types.localConsumers(it).stream()).distinct().forEach(module -> {
			var schema = deployment.schemaOf(module).orElseThrow(() -> new IllegalStateException(
					"Module %s consumes messages from Kafka but its migrations create no schema for its inbox"
							.formatted(module)));
			inboxes.put(module, schema + ".inbox");
		});

		var groupId = settings.groupId() != null ? settings.groupId()
				: deployment.local().stream().collect(Collectors.joining("+", "shop.", ""));

		return new InboundMessages(consumers, operations, types, new Inboxes(jdbc, inboxes), transactions, publisher,
				json, settings, groupId, observed ? observations : null);
	}
}
