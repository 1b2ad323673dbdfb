package com.modularshop.order;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jmolecules.ddd.types.AggregateRoot;
import org.jmolecules.ddd.types.Identifier;
import org.jmolecules.ddd.types.ValueObject;
import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.domain.AbstractAggregateRoot;
import org.springframework.data.relational.core.mapping.Embedded;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

import com.modularshop.catalog.commands.ReleaseStock;
import com.modularshop.catalog.commands.ReserveStock;
import com.modularshop.order.OrderExceptions.MixedCurrencies;
import com.modularshop.order.OrderExceptions.OrderNotCancellable;
import com.modularshop.order.OrderExceptions.OrderStillOpen;
import com.modularshop.order.OrderExceptions.StockReleasedAlready;
import com.modularshop.order.events.OrderCancelled;
import com.modularshop.order.events.OrderConfirmed;
import com.modularshop.order.events.OrderLine;
import com.modularshop.order.events.OrderPlaced;
import com.modularshop.order.events.OrderRejected;

/**
 * A customer's order and where it stands in the saga. Placing it asks the catalog for stock; the catalog's answer
 * confirms or rejects it; cancelling gives back whatever stock is or may become held. The saga's answers may arrive
 * more than once and in any order relative to a cancellation, so the reactions to them check the status and change
 * nothing when there is nothing to change.
 */
@Table(schema = "ordering", name = "orders")
class Order extends AbstractAggregateRoot<Order> implements AggregateRoot<Order, Order.OrderId> {

	static final String TIMEOUT = "TIMEOUT";

	record OrderId(UUID id) implements Identifier {}

	enum Status {
		PLACED, CONFIRMED, REJECTED, CANCELLED
	}

	/** What was bought, priced from the order module's copy of the catalog when the order was placed. */
	@Table(schema = "ordering", name = "order_lines")
	record Line(String sku, String name, int quantity, @Embedded.Nullable(prefix = "unit_price_") Money unitPrice)
			implements ValueObject {

		Line {
			if (quantity < 1) {
				throw new IllegalArgumentException("A line needs a quantity of at least 1");
			}
		}

		Money lineTotal() {
			return unitPrice.times(quantity);
		}
	}

	private final @Id OrderId id;
	private final UUID customerId;
	private Status status;
	private final @MappedCollection(idColumn = "order_id", keyColumn = "line_index") List<Line> lines;
	private final @Embedded.Nullable(prefix = "total_") Money total;
	private final Instant placedAt;
	private @Nullable String rejectionReason;
	private boolean lateReservationReleased;
	private @Nullable Instant stockReleaseRequestedAt;
	private @Nullable Instant stockReleasedAt;
	private final @Nullable String idempotencyKey;
	private final @Nullable String requestFingerprint;
	private @Version Long version;

	@PersistenceCreator
	Order(OrderId id, UUID customerId, Status status, List<Line> lines, Money total, Instant placedAt,
			@Nullable String rejectionReason, boolean lateReservationReleased, @Nullable Instant stockReleaseRequestedAt,
			@Nullable Instant stockReleasedAt, @Nullable String idempotencyKey, @Nullable String requestFingerprint,
			Long version) {

		this.id = id;
		this.customerId = customerId;
		this.status = status;
		this.lines = lines;
		this.total = total;
		this.placedAt = placedAt;
		this.rejectionReason = rejectionReason;
		this.lateReservationReleased = lateReservationReleased;
		this.stockReleaseRequestedAt = stockReleaseRequestedAt;
		this.stockReleasedAt = stockReleasedAt;
		this.idempotencyKey = idempotencyKey;
		this.requestFingerprint = requestFingerprint;
		this.version = version;
	}

	/** Places the order and asks the catalog to reserve its stock, both published with the saved order. */
	static Order place(UUID customerId, List<Line> lines, @Nullable String idempotencyKey,
			@Nullable String requestFingerprint) {

		if (lines.isEmpty()) {
			throw new IllegalArgumentException("An order needs at least one line");
		}

		var currencies = lines.stream().collect(Collectors.toMap(Line::sku, it -> it.unitPrice().currency(),
				(first, second) -> first, TreeMap::new));

		if (Set.copyOf(currencies.values()).size() > 1) {
			throw new MixedCurrencies(currencies);
		}

		var total = lines.stream().map(Line::lineTotal).reduce(Money::plus).orElseThrow();
		var order = new Order(new OrderId(UUID.randomUUID()), customerId, Status.PLACED, List.copyOf(lines), total,
				Instant.now(), null, false, null, null, idempotencyKey, requestFingerprint, null);

		order.registerEvent(new OrderPlaced(UUID.randomUUID(), order.id.id(), customerId, order.eventLines(),
				total.amount(), total.currency(), order.placedAt));
		order.registerEvent(new ReserveStock(UUID.randomUUID(), order.id.id(),
				lines.stream().map(it -> new ReserveStock.Line(it.sku(), it.quantity())).toList()));

		return order;
	}

	/**
	 * The catalog holds the stock: a placed order is confirmed; a cancelled one gives the stock back (once), since
	 * the customer no longer wants it.
	 */
	Order stockReserved() {

		if (status == Status.PLACED) {
			status = Status.CONFIRMED;
			registerEvent(new OrderConfirmed(UUID.randomUUID(), id.id(), customerId, eventLines(), total.amount(),
					total.currency(), Instant.now()));
		} else if (status == Status.CANCELLED && !lateReservationReleased) {
			lateReservationReleased = true;
			requestStockRelease();
		}

		return this;
	}

	/** The catalog could not hold the stock: a placed order is rejected; in any other status this is old news. */
	Order stockReservationFailed(String reason) {

		if (status == Status.PLACED) {
			status = Status.REJECTED;
			rejectionReason = reason;
			registerEvent(new OrderRejected(UUID.randomUUID(), id.id(), customerId, reason, Instant.now()));
		}

		return this;
	}

	/**
	 * The catalog did not answer in time: a placed order is rejected with reason {@value #TIMEOUT} and asks the catalog
	 * to release whatever it may have reserved (a release that overtakes its reservation makes the reservation fail).
	 */
	Order timedOut() {

		if (status == Status.PLACED) {
			// rejected like a failed reservation (one creator of OrderRejected keeps the generated docs stable)
			stockReservationFailed(TIMEOUT);
			requestStockRelease();
		}

		return this;
	}

	/** Cancels a placed or confirmed order; the stock it holds, or may still be given, goes back to the catalog. */
	Order cancel() {

		if (status != Status.PLACED && status != Status.CONFIRMED) {
			throw new OrderNotCancellable(id, status);
		}

		status = Status.CANCELLED;
		registerEvent(new OrderCancelled(UUID.randomUUID(), id.id(), customerId, total.amount(), total.currency(),
				Instant.now()));
		requestStockRelease();

		return this;
	}

	/**
	 * The catalog confirmed that it holds nothing for this order any more (and never will: a reservation request
	 * arriving after a release fails).
	 */
	Order stockReleased(Instant at) {

		if (stockReleasedAt == null) {
			stockReleasedAt = at;
		}

		return this;
	}

	/**
	 * An administrator asks the catalog again to release what it may hold for a cancelled or rejected order, e.g.
	 * after the first {@code ReleaseStock} ended as a dead letter. The catalog releases once per order, so a release
	 * that arrives twice changes nothing.
	 */
	Order releaseStockAgain() {

		if (status != Status.CANCELLED && status != Status.REJECTED) {
			throw new OrderStillOpen(id, status);
		}
		if (stockReleasedAt != null) {
			throw new StockReleasedAlready(id, stockReleasedAt);
		}

		requestStockRelease();

		return this;
	}

	/** Whether the catalog was asked to release stock for this order and has not confirmed it yet. */
	boolean awaitsStockRelease() {
		return stockReleaseRequestedAt != null && stockReleasedAt == null;
	}

	private void requestStockRelease() {

		stockReleaseRequestedAt = Instant.now();
		registerEvent(new ReleaseStock(UUID.randomUUID(), id.id()));
	}

	/** Whether a business action changed the order since it was loaded (each change registers an event). */
	boolean hasChanged() {
		return !domainEvents().isEmpty();
	}

	boolean isPlacedWith(String fingerprint) {
		return fingerprint.equals(requestFingerprint);
	}

	boolean belongsTo(UUID customer) {
		return customerId.equals(customer);
	}

	@Override
	public OrderId getId() {
		return id;
	}

	UUID customerId() {
		return customerId;
	}

	Status status() {
		return status;
	}

	List<Line> lines() {
		return List.copyOf(lines);
	}

	Money total() {
		return total;
	}

	Instant placedAt() {
		return placedAt;
	}

	@Nullable
	String rejectionReason() {
		return rejectionReason;
	}

	@Nullable
	Instant stockReleaseRequestedAt() {
		return stockReleaseRequestedAt;
	}

	@Nullable
	Instant stockReleasedAt() {
		return stockReleasedAt;
	}

	private List<OrderLine> eventLines() {
		return lines.stream().map(it -> new OrderLine(it.sku(), it.name(), it.quantity(), it.unitPrice().amount(),
				it.lineTotal().amount())).toList();
	}
}
