package com.modularshop.user.events;

import java.time.Instant;
import java.util.UUID;

import org.jmolecules.event.annotation.Externalized;
import org.jmolecules.event.types.DomainEvent;

/**
 * The account's current email and name after a profile change (both fields always carry the full current values).
 */
@Externalized("shop.user::#{userId()}")
public record UserProfileUpdated(UUID eventId, UUID userId, String email, String name, Instant updatedAt)
		implements DomainEvent {}
