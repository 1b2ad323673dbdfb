package com.modularshop.notification;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Whom a user's notifications go to: this module's own copy of each account's email, name and active flag, fed only by
 * user events so that sending never asks the user module. Every write is a single upsert, so concurrent, repeated and
 * out-of-order user events all converge on the newest profile, and a deactivation sticks whatever arrives after it.
 */
@Component
class Recipients {

	/** A user as this module knows them; email and name stay {@code null} while only a deactivation is known. */
	record Recipient(UUID userId, @Nullable String email, @Nullable String name, boolean active) {

		/** Whether a registration or profile event told us the address yet (a deactivation alone does not). */
		boolean isKnown() {
			return email != null;
		}
	}

	private final JdbcClient jdbc;

	Recipients(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Stores the profile unless a newer one is already known; a new recipient starts active. */
	void recordProfile(UUID userId, String email, String name, Instant asOf) {

		jdbc.sql("""
				INSERT INTO notification.recipients AS r (user_id, email, name, active, profile_as_of)
				VALUES (:userId, :email, :name, TRUE, :asOf)
				ON CONFLICT (user_id) DO UPDATE
				SET email = EXCLUDED.email, name = EXCLUDED.name, profile_as_of = EXCLUDED.profile_as_of
				WHERE r.profile_as_of IS NULL OR r.profile_as_of < EXCLUDED.profile_as_of""")
				.param("userId", userId)
				.param("email", email)
				.param("name", name)
				.param("asOf", Timestamp.from(asOf))
				.update();
	}

	/** Marks the recipient inactive, remembering it even before its registration arrives. */
	void recordDeactivation(UUID userId) {

		jdbc.sql("""
				INSERT INTO notification.recipients (user_id, active) VALUES (:userId, FALSE)
				ON CONFLICT (user_id) DO UPDATE SET active = FALSE""")
				.param("userId", userId)
				.update();
	}

	Optional<Recipient> find(UUID userId) {

		return jdbc.sql("SELECT user_id, email, name, active FROM notification.recipients WHERE user_id = :userId")
				.param("userId", userId)
				.query((row, number) -> new Recipient(row.getObject("user_id", UUID.class), row.getString("email"),
						row.getString("name"), row.getBoolean("active")))
				.optional();
	}
}
