package com.modularshop.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jmolecules.ddd.types.AggregateRoot;
import org.jmolecules.ddd.types.Identifier;
import org.jmolecules.ddd.types.ValueObject;
import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

import com.modularshop.catalog.events.StockReleased;
import com.modularshop.catalog.events.StockReservationFailed;
import com.modularshop.catalog.events.StockReserved;

/**
 * What the catalog holds for one order, and the memory of how it answered: the all-or-nothing reservation rule lives
 * here. Keyed by the order id so that every redelivered {@code ReserveStock} or {@code ReleaseStock} finds the earlier
 * answer instead of acting twice: a reservation request is answered once, a release happens once, and a release that
 * overtakes its reservation request makes that request fail when it arrives.
 */
@Table(schema = "catalog", name = "reservations")
class Reservation extends VersionedAggregate<Reservation>
		implements AggregateRoot<Reservation, Reservation.ReservationId> {

	static final String CANCELLED_FIRST = "The order was cancelled before stock was reserved";

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

	@PersistenceCreator
	Reservation(ReservationId id, @Nullable Outcome outcome, @Nullable String failureReason, boolean released,
			List<HeldLine> lines, @Nullable Long version) {

		super(version);
		this.id = id;
		this.outcome = outcome;
		this.failureReason = failureReason;
		this.released = released;
		this.lines = lines;
	}

	/**
	 * The reservation of an order the catalog has not heard of yet. Saving it inserts its row (and its lines, which
	 * never change after the first answer): of two first commands for the same order handled at once, the second fails
	 * on the key, is rolled back and retried by the registry, and then finds the first one's answer.
	 */
	static Reservation forOrder(UUID orderId) {
		return new Reservation(new ReservationId(orderId), null, null, false, List.of(), null);
	}

	/**
	 * Holds every line of the request or none, taking it from the locked products, and answers the order. Fails
	 * when any line cannot be served ({@link StockRequest#problemsWith}) or when the order was released first. A
	 * request answered already changes nothing.
	 *
	 * @param products the requested products by SKU code, locked by the caller; unknown SKUs are missing
	 */
	Reservation reserve(StockRequest request, Map<String, Product> products, Instant now) {

		if (outcome != null) {
			return this;
		}

		if (released) {
			return fail(CANCELLED_FIRST, now);
		}

		var problems = request.problemsWith(products);

		if (!problems.isEmpty()) {
			return fail("Insufficient stock: " + String.join("; ", problems), now);
		}

		request.quantities().forEach((sku, quantity) -> products.get(sku).reserve(quantity));

		this.outcome = Outcome.RESERVED;
		this.lines = request.quantities().entrySet().stream()
				.map(it -> new HeldLine(it.getKey(), it.getValue()))
				.toList();

		registerEvent(new StockReserved(UUID.randomUUID(), id.orderId(),
				lines.stream().map(it -> new StockReserved.Line(it.sku(), it.quantity())).toList(), now));

		return this;
	}

	/**
	 * Gives whatever is held back to the locked products, once. A release before the reservation request is
	 * remembered, so that request fails when it comes.
	 *
	 * @param products the products of {@link #heldSkus()} by SKU code, locked by the caller
	 */
	Reservation release(Map<String, Product> products, Instant now) {

		if (released) {
			return this;
		}

		held().forEach(line -> {
			var product = products.get(line.sku());
			if (product != null) {
				product.release(line.quantity());
			}
		});

		released = true;
		registerEvent(new StockReleased(UUID.randomUUID(), id.orderId(), now));

		return this;
	}

	/** Whether the order's reservation request was answered; nothing changes it any more. */
	boolean isAnswered() {
		return outcome != null;
	}

	boolean isReleased() {
		return released;
	}

	@Nullable
	Outcome outcome() {
		return outcome;
	}

	@Nullable
	String failureReason() {
		return failureReason;
	}

	/** Every line held when the request was answered, also after a release ({@link #held()} is what is held now). */
	List<HeldLine> lines() {
		return lines;
	}

	/** The SKUs whose products a release gives stock back to. */
	List<String> heldSkus() {
		return held().stream().map(HeldLine::sku).toList();
	}

	/** What this reservation holds right now. */
	List<HeldLine> held() {
		return outcome == Outcome.RESERVED && !released ? List.copyOf(lines) : List.of();
	}

	private Reservation fail(String reason, Instant now) {

		this.outcome = Outcome.FAILED;
		this.failureReason = reason;

		registerEvent(new StockReservationFailed(UUID.randomUUID(), id.orderId(), reason, now));

		return this;
	}

	@Override
	public ReservationId getId() {
		return id;
	}

	/** Where the order's reservation stands, as the log tells it. */
	@Override
	public String toString() {

		var order = id.orderId();

		if (outcome == Outcome.FAILED) {
			return "No stock reserved for order %s: %s".formatted(order, failureReason);
		}

		return released ? "Stock released for order %s".formatted(order)
				: outcome == null ? "No answer yet for order %s".formatted(order)
				: "Stock reserved for order %s: %s".formatted(order, lines);
	}
}
