package com.modularshop.catalog;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Version;
import org.springframework.data.domain.AbstractAggregateRoot;

/**
 * A catalog aggregate whose changes the stock commands also save without its repository ({@link ReservationStates},
 * {@link ProductStocks}), counting its version and handing over its events as a repository save would.
 */
abstract class VersionedAggregate<A extends VersionedAggregate<A>> extends AbstractAggregateRoot<A> {

	private @Version @Nullable Long version;

	VersionedAggregate(@Nullable Long version) {
		this.version = version;
	}

	/**
	 * Hands over the events registered since the last save and counts the version as Spring Data JDBC does: 0 for
	 * the first insert (the first version of a wrapper type), one more for every update.
	 */
	List<Object> saved() {

		var events = List.copyOf(domainEvents());
		clearDomainEvents();
		version = version == null ? 0 : version + 1;

		return events;
	}

	/** Whether no row was written for the aggregate yet. */
	boolean isNew() {
		return version == null;
	}

	@Nullable
	Long version() {
		return version;
	}
}
