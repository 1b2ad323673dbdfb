package com.modularshop.user;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import org.jmolecules.ddd.types.AggregateRoot;
import org.jmolecules.ddd.types.Identifier;
import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.domain.AbstractAggregateRoot;
import org.springframework.data.relational.core.mapping.Embedded;
import org.springframework.data.relational.core.mapping.Table;

import com.modularshop.user.events.UserDeactivated;
import com.modularshop.user.events.UserProfileUpdated;
import com.modularshop.user.events.UserRegistered;

/**
 * A person's account: who they are (email, name), how they prove it (password hash) and what they may do (roles).
 * Every change that others care about registers the matching event, published when the account is saved.
 */
@Table(schema = "users", name = "accounts")
class Account extends AbstractAggregateRoot<Account> implements AggregateRoot<Account, Account.AccountId> {

	record AccountId(UUID id) implements Identifier {}

	enum Role {
		CUSTOMER, ADMIN
	}

	private final @Id AccountId id;
	private @Embedded.Nullable EmailAddress email;
	private String name;
	private String passwordHash;
	private Set<Role> roles;
	private boolean active;
	private final Instant registeredAt;
	private @Version @Nullable Long version;

	@PersistenceCreator
	Account(AccountId id, EmailAddress email, String name, String passwordHash, Set<Role> roles, boolean active,
			Instant registeredAt, @Nullable Long version) {

		this.id = id;
		this.email = email;
		this.name = name;
		this.passwordHash = passwordHash;
		this.roles = roles;
		this.active = active;
		this.registeredAt = registeredAt;
		this.version = version;
	}

	/** A new, active account with a fresh id. */
	private Account(EmailAddress email, String name, String passwordHash, Set<Role> roles, Instant registeredAt) {

		this.id = new AccountId(UUID.randomUUID());
		this.email = email;
		this.name = name.trim();
		this.passwordHash = passwordHash;
		this.roles = EnumSet.copyOf(roles);
		this.active = true;
		this.registeredAt = registeredAt;
	}

	static Account register(EmailAddress email, String name, String passwordHash, Set<Role> roles, Instant now) {

		var account = new Account(email, name, passwordHash, roles, now);

		account.registerEvent(new UserRegistered(UUID.randomUUID(), account.id.id(), email.email(), account.name,
				account.registeredAt));

		return account;
	}

	/** Changes email and/or name; publishes the new profile only when something actually changed. */
	Account updateProfile(@Nullable EmailAddress newEmail, @Nullable String newName, Instant now) {

		var name = newName == null ? this.name : newName.trim();
		var email = newEmail == null ? this.email : newEmail;

		if (name.equals(this.name) && email.equals(this.email)) {
			return this;
		}

		this.name = name;
		this.email = email;
		registerEvent(new UserProfileUpdated(UUID.randomUUID(), id.id(), email.email(), name, now));

		return this;
	}

	/** Idempotent: deactivating an inactive account changes nothing and tells nobody. */
	Account deactivate(Instant now) {

		if (active) {
			active = false;
			registerEvent(new UserDeactivated(UUID.randomUUID(), id.id(), now));
		}

		return this;
	}

	Account grant(Role role) {

		var granted = EnumSet.copyOf(roles);
		granted.add(role);
		roles = granted;

		return this;
	}

	@Override
	public AccountId getId() {
		return id;
	}

	EmailAddress email() {
		return email;
	}

	String name() {
		return name;
	}

	String passwordHash() {
		return passwordHash;
	}

	Set<Role> roles() {
		return Set.copyOf(roles);
	}

	boolean isActive() {
		return active;
	}
}
