package com.modularshop.infrastructure.messaging;

import io.micrometer.observation.ObservationRegistry;

import java.util.List;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.ExponentialBackOff;

import tools.jackson.databind.json.JsonMapper;

import com.modularshop.infrastructure.messaging.MessageTypes.MessageType;

/**
 * The consuming side Spring Modulith does not have: takes the messages this process's modules need from remote senders
 * off Kafka and hands them to the local registry, so the modules' {@code @ApplicationModuleListener}s run unchanged.
 *
 * <p>Per record, in one transaction: the type header must name an allow-listed type expected on that topic, the JSON
 * must read as that record, its {@code eventId} goes into the inbox table of each local consuming module (in that
 * module's schema), and only if it was new there the message is published locally, which stores its publications.
 * The offset is committed after that transaction, so a crash redelivers and the inbox makes the redelivery a no-op.
 * A record that can never be read (unknown type, bad JSON, missing headers) goes to {@code <topic>.dlt} at once and is
 * logged; any other failure (the database) is retried with backoff, never skipped.
 *
 * <p>With {@code spring.kafka.listener.observation-enabled} (on while tracing is on) each record is received in a span
 * that continues the trace its headers carry, so the publications it stores continue it too.
 */
class InboundMessages implements SmartLifecycle {

	private static final Logger LOG = LoggerFactory.getLogger(InboundMessages.class);

	private final ConsumerFactory<Object, Object> consumers;
	private final KafkaOperations<Object, Object> deadLetters;
	private final MessageTypes types;
	private final Inboxes inboxes;
	private final TransactionTemplate transactions;
	private final ApplicationEventPublisher publisher;
	private final JsonMapper json;
	private final MessagingSettings settings;
	private final String groupId;
	private final @Nullable ObservationRegistry observations;
	private @Nullable KafkaMessageListenerContainer<Object, Object> container;

	InboundMessages(ConsumerFactory<Object, Object> consumers, KafkaOperations<Object, Object> deadLetters,
			MessageTypes types, Inboxes inboxes, TransactionTemplate transactions, ApplicationEventPublisher publisher,
			JsonMapper json, MessagingSettings settings, String groupId, @Nullable ObservationRegistry observations) {

		this.consumers = consumers;
		this.deadLetters = deadLetters;
		this.types = types;
		this.inboxes = inboxes;
		this.transactions = transactions;
		this.publisher = publisher;
		this.json = json;
		this.settings = settings;
		this.groupId = groupId;
		this.observations = observations;
	}

	/** The topics this process consumes. */
	List<String> topics() {
		return types.inbound().stream().map(MessageType::topic).distinct().sorted().toList();
	}

	@Override
	public void start() {

		var topics = topics();

		if (topics.isEmpty()) {
			return;
		}

		var properties = new ContainerProperties(topics.toArray(String[]::new));
		properties.setGroupId(groupId);
		properties.setAckMode(AckMode.RECORD);
		properties.setMessageListener((MessageListener<Object, Object>) this::receive);
		if (observations != null) {
			// the record's trace headers become the parent of the span the message is received and published in
			properties.setObservationEnabled(true);
			properties.setObservationRegistry(observations);
		}

		var container = new KafkaMessageListenerContainer<>(consumers, properties);
		container.setCommonErrorHandler(errorHandler());
		container.setBeanName("inboundMessages");
		container.start();
		this.container = container;

		LOG.info("Consuming {} as group {}: {}", topics, groupId,
				types.inbound().stream().map(MessageType::logicalName).collect(Collectors.joining(", ")));
	}

	@Override
	public void stop() {
		if (container != null) {
			container.stop();
		}
	}

	@Override
	public boolean isRunning() {
		return container != null && container.isRunning();
	}

	/** After the dispatcher and the database are up, before the web server takes requests. */
	@Override
	public int getPhase() {
		return 1;
	}

	void receive(ConsumerRecord<Object, Object> record) {

		var inbound = InboundRecord.read(record, types, json);

		transactions.executeWithoutResult(status -> {
			if (inboxes.record(types.localConsumers(inbound.type()), inbound.eventId(), inbound.name())) {
				publisher.publishEvent(inbound.message());
			} else {
				LOG.debug("{} {} was received before; ignored", inbound.name(), inbound.eventId());
			}
		});
	}

	private DefaultErrorHandler errorHandler() {

		var recoverer = new DeadLetterPublishingRecoverer(deadLetters,
				(record, failure) -> new TopicPartition(record.topic() + ".dlt", -1));

		var backoff = new ExponentialBackOff(settings.retryInterval().toMillis(), 2.0);
		backoff.setMaxInterval(settings.maxRetryInterval().toMillis());

		var handler = new DefaultErrorHandler((record, failure) -> {
			LOG.error("Record {}-{}@{} cannot be read ({}); it goes to {}.dlt", record.topic(), record.partition(),
					record.offset(), rootMessage(failure), record.topic());
			recoverer.accept(record, failure);
		}, backoff);
		handler.addNotRetryableExceptions(InboundRecord.UnreadableMessage.class);

		return handler;
	}

	private static String rootMessage(Throwable failure) {

		var cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}

		return cause.getMessage();
	}
}
