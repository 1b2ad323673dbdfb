package com.modularshop.notification;

import java.time.Instant;
import java.util.UUID;

import org.jmolecules.ddd.types.AggregateRoot;
import org.jmolecules.ddd.types.Identifier;
import org.jspecify.annotations.Nullable;
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
	// unknown until a registration or profile event arrives: a deactivation alone records the id
	private final @Nullable String email;
	private final @Nullable String name;
	private final boolean active;
	private final @Nullable Instant profileAsOf;

	@PersistenceCreator
	Recipient(RecipientId id, @Nullable String email, @Nullable String name, boolean active,
			@Nullable Instant profileAsOf) {

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

	@Nullable
	String email() {
		return email;
	}

	@Nullable
	String name() {
		return name;
	}
}
