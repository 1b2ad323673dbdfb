package com.modularshop.order;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Transient;
import org.springframework.data.annotation.Version;
import org.springframework.data.domain.AbstractAggregateRoot;

/**
 * An aggregate that knows whether a business action changed it since it was loaded or saved, so that a redelivered
 * message changes nothing, and whose changes can be saved without the repository (see {@link OrderStates}): every
 * registered event, and {@link #changed()} for a change without one, marks it changed.
 */
abstract class TrackedAggregate<A extends TrackedAggregate<A>> extends AbstractAggregateRoot<A> {

	private @Version @Nullable Long version;
	private @Transient boolean changed;

	TrackedAggregate(@Nullable Long version) {
		this.version = version;
	}

	@Override
	protected <T> T registerEvent(T event) {

		changed = true;
		return super.registerEvent(event);
	}

	/** Marks a change that publishes nothing. */
	void changed() {
		changed = true;
	}

	boolean hasChanged() {
		return changed;
	}

	/** Hands over the events of a change saved without the repository, and counts the version as that save did. */
	List<Object> stateSaved() {

		var events = List.copyOf(domainEvents());
		clearDomainEvents();
		version = version == null ? 1 : version + 1;
		changed = false;

		return events;
	}

	@Nullable
	Long version() {
		return version;
	}
}
