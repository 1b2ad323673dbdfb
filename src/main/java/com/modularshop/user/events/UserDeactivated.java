package com.modularshop.user.events;

import java.time.Instant;
import java.util.UUID;

import org.jmolecules.event.annotation.Externalized;
import org.jmolecules.event.types.DomainEvent;

/**
 * The account can no longer sign in; other modules stop acting on its behalf.
 */
@Externalized("shop.user::#{userId()}")
public record UserDeactivated(UUID eventId, UUID userId, Instant deactivatedAt) implements DomainEvent {}
