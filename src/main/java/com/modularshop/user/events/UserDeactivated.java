package com.modularshop.user.events;

import java.time.Instant;
import java.util.UUID;

import org.jmolecules.event.types.DomainEvent;

/**
 * The account can no longer sign in; other modules stop acting on its behalf.
 */
public record UserDeactivated(UUID eventId, UUID userId, Instant deactivatedAt) implements DomainEvent {}
