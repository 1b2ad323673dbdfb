package com.modularshop.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jmolecules.ddd.types.AggregateRoot;
import org.jmolecules.ddd.types.Identifier;
import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.relational.core.mapping.Embedded;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

import com.modularshop.catalog.commands.ReleaseStock;
import com.modularshop.catalog.commands.ReserveStock;
import com.modularshop.order.OrderExceptions.OrderNotCancellable;
import com.modularshop.order.OrderExceptions.OrderStillOpen;
import com.modularshop.order.OrderExceptions.StockReleasedAlready;
import com.modularshop.order.events.OrderCancelled;
import com.modularshop.order.events.OrderConfirmed;
import com.modularshop.order.events.OrderPlaced;
import com.modularshop.order.events.OrderRejected;

/**
 * A customer's order and where it stands in the saga. Placing it asks the catalog for stock; the catalog's answer
 * confirms or rejects it; cancelling gives back whatever stock is or may become held (the catalog remembers a release
 * that overtakes its reservation). Answers may arrive more than once: each action checks the status and changes nothing
 * when there is nothing to change. The lines never change after placing; the saga saves the state alone.
 */
@Table(schema = "ordering", name = "orders")
class Order extends TrackedAggregate<Order> implements AggregateRoot<Order, Order.OrderId> {

	static final String TIMEOUT = "TIMEOUT";

	record OrderId(UUID id) implements Identifier {}

	enum Status { PLACED, CONFIRMED, REJECTED, CANCELLED }

	private final @Id OrderId id;
	private final UUID customerId;
	private Status status;
	private final @MappedCollection(idColumn = "order_id", keyColumn = "line_index") List<Line> lines;
	private final @Embedded.Nullable(prefix = "total_") Money total;
	private final Instant placedAt;
	private @Nullable String rejectionReason;
	private @Embedded.Empty(prefix = "stock_release_") StockRelease stockRelease;

	@PersistenceCreator
	Order(OrderId id, UUID customerId, Status status, List<Line> lines, Money total, Instant placedAt,
			@Nullable String rejectionReason, StockRelease stockRelease, @Nullable Long version) {

		super(version);
		this.id = id;
		this.customerId = customerId;
		this.status = status;
		this.lines = lines;
		this.total = total;
		this.placedAt = placedAt;
		this.rejectionReason = rejectionReason;
		this.stockRelease = stockRelease;
	}

	private Order(UUID customerId, List<Line> lines, Instant placedAt) {
		this(new OrderId(UUID.randomUUID()), customerId, Status.PLACED, List.copyOf(lines), Line.totalOf(lines), placedAt,
				null, StockRelease.NONE, null);
	}

	/** Places the order and asks the catalog to reserve its stock, both published with the saved order. */
	static Order place(UUID customerId, List<Line> lines, Instant now) {

		var order = new Order(customerId, lines, now);

		order.registerEvent(new OrderPlaced(UUID.randomUUID(), order.id.id(), customerId, Line.forEvents(lines),
				order.total.amount(), order.total.currency(), now));
		order.registerEvent(new ReserveStock(UUID.randomUUID(), order.id.id(),
				lines.stream().map(it -> new ReserveStock.Line(it.sku(), it.quantity())).toList()));

		return order;
	}

	/** The catalog holds the stock: a placed order is confirmed; in any other status this is old news. */
	Order confirm(Instant now) {

		if (status == Status.PLACED) {
			status = Status.CONFIRMED;
			registerEvent(new OrderConfirmed(UUID.randomUUID(), id.id(), customerId, Line.forEvents(lines),
					total.amount(), total.currency(), now));
		}

		return this;
	}

	/** The catalog could not hold the stock: a placed order is rejected; in any other status this is old news. */
	Order reject(String reason, Instant now) {

		if (status == Status.PLACED) {
			status = Status.REJECTED;
			rejectionReason = reason;
			registerEvent(new OrderRejected(UUID.randomUUID(), id.id(), customerId, reason, now));
		}

		return this;
	}

	/** No answer from the catalog in time: a placed order is rejected ({@value #TIMEOUT}) and gives its stock back. */
	Order rejectOverdue(Instant now) {

		if (status == Status.PLACED) {
			reject(TIMEOUT, now);
			requestStockRelease(now);
		}

		return this;
	}

	/** Cancels a placed or confirmed order; the stock it holds, or may still be given, goes back to the catalog. */
	Order cancel(Instant now) {

		if (status != Status.PLACED && status != Status.CONFIRMED) {
			throw new OrderNotCancellable(id, status);
		}

		status = Status.CANCELLED;
		registerEvent(new OrderCancelled(UUID.randomUUID(), id.id(), customerId, total.amount(), total.currency(), now));
		requestStockRelease(now);

		return this;
	}

	/** Records the catalog's confirmation that it holds nothing for this order any more (and never will). */
	Order recordStockRelease(Instant at) {

		if (stockRelease.awaited()) {
			stockRelease = stockRelease.confirmed(at);
			changed();
		}

		return this;
	}

	/** Asks the catalog again to release a closed order's stock, e.g. after a dead-lettered {@code ReleaseStock}. */
	Order releaseStockAgain(Instant now) {

		if (status != Status.CANCELLED && status != Status.REJECTED) {
			throw new OrderStillOpen(id, status);
		}
		if (stockRelease.done()) {
			throw new StockReleasedAlready(id, stockRelease.confirmedAt());
		}

		requestStockRelease(now);

		return this;
	}

	private void requestStockRelease(Instant now) {

		stockRelease = stockRelease.requested(now);
		registerEvent(new ReleaseStock(UUID.randomUUID(), id.id()));
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

	@Nullable String rejectionReason() {
		return rejectionReason;
	}

	StockRelease stockRelease() {
		return stockRelease;
	}
}
