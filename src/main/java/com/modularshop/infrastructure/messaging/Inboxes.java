package com.modularshop.infrastructure.messaging;

import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/** The inbox table of each consuming module, in the module's own schema: what makes a redelivered record a no-op. */
final class Inboxes {

	private final JdbcClient jdbc;
	private final Map<String, String> tables;

	/** @param tables module → qualified inbox table */
	Inboxes(JdbcClient jdbc, Map<String, String> tables) {
		this.jdbc = jdbc;
		this.tables = tables;
	}

	/** Records the message in every given module's inbox; whether any of them had not seen it yet. */
	boolean record(Iterable<String> modules, UUID eventId, String type) {

		var fresh = false;

		for (var module : modules) {
			fresh |= jdbc.sql("INSERT INTO %s (event_id, message_type) VALUES (:id, :type) ON CONFLICT DO NOTHING"
					.formatted(tables.get(module))).param("id", eventId).param("type", type).update() == 1;
		}

		return fresh;
	}
}
