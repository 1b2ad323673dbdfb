package com.modularshop.order;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import com.modularshop.order.Order.OrderId;
import com.modularshop.order.OrderExceptions.CustomerDeactivated;
import com.modularshop.order.OrderExceptions.IdempotencyKeyReused;
import com.modularshop.order.OrderExceptions.OrderNotFound;
import com.modularshop.order.OrderExceptions.ProductsNotForSale;

/**
 * Places, finds and cancels orders, and applies the saga's steps. Changes to an existing order lock its row first, so a
 * customer's cancellation and the saga's answers wait for each other instead of failing on the order's version; they
 * save only the order's state ({@link Orders#saveState}). Each method is one {@code @Transactional} unit, joining the
 * caller's transaction where there is one (the saga's listeners); placing is the exception, see {@link #place}.
 */
@Service
class OrderManagement {

	record Requested(String sku, int quantity) {}

	/** A placed order, and whether this request placed it or an earlier one with the same idempotency key. */
	record Placement(Order order, boolean replayed) {}

	private final Orders orders;
	private final KnownProducts products;
	private final KnownCustomers customers;
	private final IdempotencyKeys keys;
	private final TransactionTemplate transactions;
	private final Clock clock;

	OrderManagement(Orders orders, KnownProducts products, KnownCustomers customers, IdempotencyKeys keys,
			TransactionTemplate transactions, Clock clock) {

		this.orders = orders;
		this.products = products;
		this.customers = customers;
		this.keys = keys;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * Places an order priced from the local product copy. With an idempotency key, the customer's earlier order under
	 * that key is returned instead, provided it was placed with the same lines. The one method with transactions of its
	 * own: a concurrent request with the same key makes the insert fail, and the retry that finds the other request's
	 * order needs a new transaction.
	 */
	Placement place(UUID customerId, List<Requested> requested, @Nullable String idempotencyKey) {

		try {
			return transactions.execute(status -> placeOnce(customerId, requested, idempotencyKey));
		} catch (DuplicateKeyException concurrentRequestWithTheSameKey) {
			return transactions.execute(status -> placeOnce(customerId, requested, idempotencyKey));
		}
	}

	private Placement placeOnce(UUID customerId, List<Requested> requested, @Nullable String idempotencyKey) {

		if (customers.isDeactivated(customerId)) {
			throw new CustomerDeactivated(customerId);
		}

		var earlier = idempotencyKey == null ? null : keys.find(customerId, idempotencyKey).orElse(null);

		if (earlier != null) {
			if (!earlier.fingerprint().equals(RequestFingerprint.of(requested))) {
				throw new IdempotencyKeyReused(idempotencyKey);
			}
			return new Placement(orders.findById(earlier.orderId()).orElseThrow(), true);
		}

		var known = products.forSale(requested.stream().map(Requested::sku).toList());
		var unknown = requested.stream().map(Requested::sku).filter(it -> !known.containsKey(it))
				.collect(Collectors.toCollection(TreeSet::new));

		if (!unknown.isEmpty()) {
			throw new ProductsNotForSale(unknown);
		}

		var lines = requested.stream().map(it -> {
			var product = known.get(it.sku());
			return new Line(it.sku(), product.name(), it.quantity(), product.price());
		}).toList();

		var order = orders.insert(Order.place(customerId, lines, clock.instant()));

		if (idempotencyKey != null) {
			keys.record(customerId, idempotencyKey, RequestFingerprint.of(requested), order.getId());
		}
		SagaLog.transition(order, null);

		return new Placement(order, false);
	}

	/** The order if the caller may see it: its customer or an administrator. */
	@Transactional(readOnly = true)
	Order find(UUID orderId, UUID callerId, boolean admin) {
		return orders.findById(new OrderId(orderId))
				.filter(it -> admin || it.belongsTo(callerId))
				.orElseThrow(() -> new OrderNotFound(orderId));
	}

	/** The customer's orders, newest first. */
	@Transactional(readOnly = true)
	Page<Order> ordersOf(UUID customerId, int page, int size) {
		return orders.findByCustomerId(customerId,
				PageRequest.of(page, size, Sort.by(Sort.Order.desc("placedAt"), Sort.Order.desc("id"))));
	}

	/** Any customer's orders, newest first, of one status or all: what an operator looks at. */
	@Transactional(readOnly = true)
	Page<Order> recent(Order.@Nullable Status status, int page, int size) {

		var newestFirst = PageRequest.of(page, size, Sort.by(Sort.Order.desc("placedAt"), Sort.Order.desc("id")));

		return status == null ? orders.findAll(newestFirst) : orders.findByStatus(status, newestFirst);
	}

	@Transactional
	Order cancel(UUID orderId, UUID customerId) {

		var order = orders.findLockedById(orderId).filter(it -> it.belongsTo(customerId))
				.orElseThrow(() -> new OrderNotFound(orderId));
		var before = order.status();
		var cancelled = orders.saveState(order.cancel(clock.instant()));
		SagaLog.transition(cancelled, before);

		return cancelled;
	}

	/** Cancelled or rejected orders whose stock release the catalog has not confirmed, asked before {@code before}. */
	@Transactional(readOnly = true)
	Page<Order> awaitingStockRelease(Instant before, int page, int size) {
		return orders.findByStockReleaseConfirmedAtIsNullAndStockReleaseRequestedAtBefore(before, PageRequest.of(page,
				size, Sort.by(Sort.Order.asc("stockRelease.requestedAt"), Sort.Order.asc("id"))));
	}

	/** Asks the catalog again to release the stock of a cancelled or rejected order; see {@link Order#releaseStockAgain}. */
	@Transactional
	Order releaseStockAgain(UUID orderId) {

		var order = orders.findLockedById(orderId).orElseThrow(() -> new OrderNotFound(orderId));

		return orders.saveState(order.releaseStockAgain(clock.instant()));
	}

	/**
	 * Applies a saga step to the order, locked, and saves its state if the step changed anything: a redelivered or
	 * outdated message changes nothing, nor does a message for an order that does not exist here.
	 */
	@Transactional
	void advance(UUID orderId, BiFunction<Order, Instant, Order> step) {

		orders.findLockedById(orderId).ifPresent(order -> {
			var before = order.status();
			if (step.apply(order, clock.instant()).hasChanged()) {
				SagaLog.transition(orders.saveState(order), before);
			}
		});
	}
}
