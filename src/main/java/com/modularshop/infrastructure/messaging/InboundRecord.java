package com.modularshop.infrastructure.messaging;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import com.modularshop.infrastructure.messaging.MessageTypes.MessageType;

/**
 * A Kafka record read as the message it carries: its type header names an allow-listed type expected on its topic, its
 * JSON reads as that record, and its {@code eventId} header matches the payload's. Anything else is an
 * {@link UnreadableMessage}, which no retry can fix.
 */
record InboundRecord(MessageType type, String name, UUID eventId, Object message) {

	static InboundRecord read(ConsumerRecord<Object, Object> record, MessageTypes types, JsonMapper json) {

		var name = header(record, MessageTypes.TYPE_HEADER);
		var type = types.inbound(record.topic(), name)
				.orElseThrow(() -> new UnreadableMessage("type %s is not accepted from %s".formatted(name, record.topic())));

		Object message;
		try {
			message = json.readValue((byte[]) record.value(), type.type());
		} catch (JacksonException | ClassCastException | IllegalArgumentException e) {
			throw new UnreadableMessage("its value does not read as " + name + ": " + e.getMessage());
		}

		var eventId = parse(header(record, MessageTypes.EVENT_ID_HEADER));
		if (!eventId.equals(MessageTypes.eventId(message))) {
			throw new UnreadableMessage("its eventId header %s differs from the payload's".formatted(eventId));
		}

		return new InboundRecord(type, name, eventId, message);
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {

		var header = record.headers().lastHeader(name);

		if (header == null || header.value() == null) {
			throw new UnreadableMessage("it has no " + name + " header");
		}

		return new String(header.value(), StandardCharsets.UTF_8);
	}

	private static UUID parse(String eventId) {
		try {
			return UUID.fromString(eventId);
		} catch (IllegalArgumentException e) {
			throw new UnreadableMessage("its eventId header is no UUID: " + eventId);
		}
	}

	/** A record that no retry can make readable. */
	static final class UnreadableMessage extends RuntimeException {

		private static final long serialVersionUID = 1L;

		UnreadableMessage(String reason) {
			super("Unreadable record: " + reason, null, false, false);
		}
	}
}
