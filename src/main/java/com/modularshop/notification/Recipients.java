package com.modularshop.notification;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.CrudRepository;

import com.modularshop.notification.Recipient.RecipientId;

/**
 * The recipient directory. Every write is a single upsert, so concurrent, repeated and out-of-order user events all
 * converge on the newest profile, and a deactivation sticks whatever arrives after it.
 */
interface Recipients extends CrudRepository<Recipient, RecipientId> {

	/** Stores the profile unless a newer one is already known; a new recipient starts active. */
	@Modifying
	@Query("""
			INSERT INTO notification.recipients AS r (user_id, email, name, active, profile_as_of)
			VALUES (:userId, :email, :name, TRUE, :asOf)
			ON CONFLICT (user_id) DO UPDATE
			SET email = EXCLUDED.email, name = EXCLUDED.name, profile_as_of = EXCLUDED.profile_as_of
			WHERE r.profile_as_of IS NULL OR r.profile_as_of < EXCLUDED.profile_as_of""")
	void recordProfile(UUID userId, String email, String name, Instant asOf);

	/** Marks the recipient inactive, remembering it even before its registration arrives. */
	@Modifying
	@Query("""
			INSERT INTO notification.recipients AS r (user_id, active)
			VALUES (:userId, FALSE)
			ON CONFLICT (user_id) DO UPDATE SET active = FALSE""")
	void recordDeactivation(UUID userId);
}
