package com.modularshop.catalog;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jmolecules.ddd.types.AggregateRoot;
import org.jmolecules.ddd.types.Identifier;
import org.jmolecules.ddd.types.ValueObject;
import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.domain.AbstractAggregateRoot;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

import com.modularshop.catalog.events.StockReleased;
import com.modularshop.catalog.events.StockReservationFailed;
import com.modularshop.catalog.events.StockReserved;

/**
 * What the catalog holds for one order, and the memory of how it answered. Keyed by the order id so that every
 * redelivered {@code ReserveStock} or {@code ReleaseStock} finds the earlier answer instead of acting twice: a
 * reservation request is answered once, a release happens once, and a release that overtakes its reservation
 * request makes that request fail when it arrives.
 */
@Table(schema = "catalog", name = "reservations")
class Reservation extends AbstractAggregateRoot<Reservation>
		implements AggregateRoot<Reservation, Reservation.ReservationId> {

	record ReservationId(UUID orderId) implements Identifier {}

	enum Outcome {
		RESERVED, FAILED
	}

	/** One SKU and how many of it are held. */
	@Table(schema = "catalog", name = "reservation_lines")
	record HeldLine(String sku, int quantity) implements ValueObject {}

	private final @Id ReservationId id;
	private @Nullable Outcome outcome;
	private @Nullable String failureReason;
	private boolean released;
	private @MappedCollection(idColumn = "order_id", keyColumn = "line_index") List<HeldLine> lines;
	private @Version Long version;

	@PersistenceCreator
	Reservation(ReservationId id, @Nullable Outcome outcome, @Nullable String failureReason, boolean released,
			List<HeldLine> lines, Long version) {

		this.id = id;
		this.outcome = outcome;
		this.failureReason = failureReason;
		this.released = released;
		this.lines = lines;
		this.version = version;
	}

	/** Whether the reservation request for the order has been answered already. */
	boolean isAnswered() {
		return outcome != null;
	}

	boolean isReleased() {
		return released;
	}

	/** What this reservation holds right now. */
	List<HeldLine> held() {
		return outcome == Outcome.RESERVED && !released ? List.copyOf(lines) : List.of();
	}

	Reservation hold(List<HeldLine> lines) {

		answerable();

		this.outcome = Outcome.RESERVED;
		this.lines = List.copyOf(lines);

		registerEvent(new StockReserved(UUID.randomUUID(), id.orderId(),
				lines.stream().map(it -> new StockReserved.Line(it.sku(), it.quantity())).toList(), Instant.now()));

		return this;
	}

	Reservation fail(String reason) {

		answerable();

		this.outcome = Outcome.FAILED;
		this.failureReason = reason;

		registerEvent(new StockReservationFailed(UUID.randomUUID(), id.orderId(), reason, Instant.now()));

		return this;
	}

	/** Gives up whatever is or would be held; the caller returns {@link #held()} to stock first. */
	Reservation release() {

		if (released) {
			throw new IllegalStateException("Stock for order %s was released already".formatted(id.orderId()));
		}

		released = true;
		registerEvent(new StockReleased(UUID.randomUUID(), id.orderId(), Instant.now()));

		return this;
	}

	private void answerable() {

		if (outcome != null) {
			throw new IllegalStateException("The reservation for order %s was answered already".formatted(id.orderId()));
		}
	}

	@Override
	public ReservationId getId() {
		return id;
	}

	@Nullable
	Outcome outcome() {
		return outcome;
	}
}
