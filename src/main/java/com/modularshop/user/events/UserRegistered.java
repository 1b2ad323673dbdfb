package com.modularshop.user.events;

import java.time.Instant;
import java.util.UUID;

import org.jmolecules.event.annotation.Externalized;
import org.jmolecules.event.types.DomainEvent;

/**
 * An account was created. {@code email} is normalised (trimmed, lower case).
 */
@Externalized("shop.user::#{userId()}")
public record UserRegistered(UUID eventId, UUID userId, String email, String name, Instant registeredAt)
		implements DomainEvent {}
