package com.modularshop.notification;

import java.time.Instant;
import java.util.UUID;

import org.jmolecules.ddd.types.AggregateRoot;
import org.jmolecules.ddd.types.Identifier;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;

/**
 * Whom a user's notifications go to: this module's own copy of the account's email, name and active flag, fed only by
 * user events so that sending never asks the user module. Written only through the idempotent upserts of
 * {@link Recipients}, which tolerate redelivered and out-of-order events; read here.
 */
@Table(schema = "notification", name = "recipients")
class Recipient implements AggregateRoot<Recipient, Recipient.RecipientId> {

	/** The user's id, as the user events carry it. */
	record RecipientId(UUID id) implements Identifier {}

	private final @Id @Column("user_id") RecipientId id;
	private final String email;
	private final String name;
	private final boolean active;
	private final Instant profileAsOf;

	@PersistenceCreator
	Recipient(RecipientId id, String email, String name, boolean active, Instant profileAsOf) {

		this.id = id;
		this.email = email;
		this.name = name;
		this.active = active;
		this.profileAsOf = profileAsOf;
	}

	@Override
	public RecipientId getId() {
		return id;
	}

	/** Whether a registration or profile event told us the address yet (a deactivation alone does not). */
	boolean isKnown() {
		return email != null;
	}

	boolean isActive() {
		return active;
	}

	String email() {
		return email;
	}

	String name() {
		return name;
	}
}
