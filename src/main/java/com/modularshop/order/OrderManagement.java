package com.modularshop.order;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import com.modularshop.order.Order.Line;
import com.modularshop.order.Order.OrderId;
import com.modularshop.order.OrderExceptions.CustomerDeactivated;
import com.modularshop.order.OrderExceptions.IdempotencyKeyReused;
import com.modularshop.order.OrderExceptions.OrderNotFound;
import com.modularshop.order.OrderExceptions.ProductsNotForSale;

/**
 * Places, finds and cancels orders. Changes to an existing order lock its row first, so a customer's cancellation
 * and the saga's answers wait for each other instead of failing on the order's version.
 */
@Service
class OrderManagement {

	record Requested(String sku, int quantity) {}

	/** A placed order, and whether this request placed it or an earlier one with the same idempotency key. */
	record Placement(Order order, boolean replayed) {}

	private final Orders orders;
	private final KnownProducts products;
	private final KnownCustomers customers;
	private final TransactionTemplate transactions;

	OrderManagement(Orders orders, KnownProducts products, KnownCustomers customers,
			TransactionTemplate transactions) {

		this.orders = orders;
		this.products = products;
		this.customers = customers;
		this.transactions = transactions;
	}

	/**
	 * Places an order priced from the local product copy. With an idempotency key, the customer's earlier order under
	 * that key is returned instead, provided it was placed with the same lines.
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

		// length-prefixed, so that no two different requests share a fingerprint whatever their SKUs contain; sorted,
		// so that the same lines in another order are the same request
		var fingerprint = requested.stream().map(it -> it.sku().length() + ":" + it.sku() + "x" + it.quantity())
				.sorted().collect(Collectors.joining(";"));

		if (idempotencyKey != null) {

			var earlier = orders.findByCustomerIdAndIdempotencyKey(customerId, idempotencyKey);

			if (earlier.isPresent()) {
				if (!earlier.get().isPlacedWith(fingerprint)) {
					throw new IdempotencyKeyReused(idempotencyKey);
				}
				return new Placement(earlier.get(), true);
			}
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

		var order = orders.save(Order.place(customerId, lines, idempotencyKey, fingerprint));
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

		var order = locked(orderId).filter(it -> it.belongsTo(customerId))
				.orElseThrow(() -> new OrderNotFound(orderId));
		var before = order.status();
		var cancelled = orders.save(order.cancel());
		SagaLog.transition(cancelled, before);

		return cancelled;
	}

	/** Cancelled or rejected orders whose stock release the catalog has not confirmed, asked before {@code before}. */
	@Transactional(readOnly = true)
	Page<Order> awaitingStockRelease(Instant before, int page, int size) {
		return orders.findByStockReleasedAtIsNullAndStockReleaseRequestedAtBefore(before, PageRequest.of(page, size,
				Sort.by(Sort.Order.asc("stockReleaseRequestedAt"), Sort.Order.asc("id"))));
	}

	/** Asks the catalog again to release the stock of a cancelled or rejected order; see {@link Order#releaseStockAgain()}. */
	@Transactional
	Order releaseStockAgain(UUID orderId) {
		return orders.save(locked(orderId).orElseThrow(() -> new OrderNotFound(orderId)).releaseStockAgain());
	}

	/** The order, its row locked until the surrounding transaction ends. */
	Optional<Order> locked(UUID orderId) {

		return orders.findLockedById(orderId);
	}

	/**
	 * Applies a saga step to the order, locked, and saves it if the step changed anything: a redelivered or outdated
	 * message changes nothing. Runs in the caller's transaction.
	 */
	void advance(UUID orderId, UnaryOperator<Order> step) {

		locked(orderId).ifPresent(order -> {
			var before = order.status();
			if (step.apply(order).hasChanged()) {
				SagaLog.transition(orders.save(order), before);
			}
		});
	}
}
