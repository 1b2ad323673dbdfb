package com.modularshop.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import com.modularshop.catalog.Reservation.HeldLine;
import com.modularshop.catalog.commands.ReleaseStock;
import com.modularshop.catalog.commands.ReserveStock;

/**
 * The catalog's inbox for stock commands. Each command runs in its listener's own transaction, which first locks
 * the order's reservation row (creating it if needed) and then the products involved, in SKU order. The row locks
 * serialise competing orders for the same products instead of letting them fail on a version conflict, so no
 * command is lost and nothing is oversold; locking in one order keeps them free of deadlocks.
 */
@Component
class Inventory {

	private static final Logger LOG = LoggerFactory.getLogger(Inventory.class);

	private final Products products;
	private final Reservations reservations;
	private final JdbcClient jdbc;

	Inventory(Products products, Reservations reservations, JdbcClient jdbc) {
		this.products = products;
		this.reservations = reservations;
		this.jdbc = jdbc;
	}

	/** Reserves every line or none, and answers the order once, however often the command is delivered. */
	@ApplicationModuleListener
	void on(ReserveStock command) {

		var reservation = claim(command.orderId());

		if (reservation.isAnswered()) {
			return;
		}

		if (reservation.isReleased()) {
			reservations.save(reservation.fail("The order was cancelled before stock was reserved"));
			return;
		}

		var wanted = new TreeMap<String, Integer>();
		command.lines().forEach(it -> wanted.merge(it.sku(), it.quantity(), Integer::sum));

		var locked = lock(wanted.keySet());
		var problems = new ArrayList<String>();

		wanted.forEach((sku, quantity) -> {

			var product = locked.get(sku);

			if (product == null || !product.isListed()) {
				problems.add("%s is not for sale".formatted(sku));
			} else if (!product.canReserve(quantity)) {
				problems.add("%s: %d wanted, %d available".formatted(sku, quantity, Math.max(product.available(), 0)));
			}
		});

		if (wanted.isEmpty()) {
			problems.add("Nothing to reserve");
		}

		if (!problems.isEmpty()) {
			reservations.save(reservation.fail("Insufficient stock: " + String.join("; ", problems)));
			LOG.debug("No stock reserved for order {}: {}", command.orderId(), problems);
			return;
		}

		wanted.forEach((sku, quantity) -> products.save(locked.get(sku).reserve(quantity)));
		LOG.debug("Stock reserved for order {}: {}", command.orderId(), wanted);

		reservations.save(reservation.hold(wanted.entrySet().stream()
				.map(it -> new HeldLine(it.getKey(), it.getValue()))
				.toList()));
	}

	/** Returns what the order holds to stock, once; remembered when it arrives before the reservation request. */
	@ApplicationModuleListener
	void on(ReleaseStock command) {

		var reservation = claim(command.orderId());

		if (reservation.isReleased()) {
			return;
		}

		var held = reservation.held().stream()
				.collect(Collectors.toMap(HeldLine::sku, HeldLine::quantity, Integer::sum, TreeMap::new));
		var locked = lock(held.keySet());

		held.forEach((sku, quantity) -> {
			var product = locked.get(sku);
			if (product != null) {
				products.save(product.release(quantity));
			}
		});

		reservations.save(reservation.release());
	}

	/**
	 * The order's reservation, locked for this transaction. Concurrent deliveries for the same order wait here for
	 * each other, and the second one sees what the first one did.
	 */
	private Reservation claim(UUID orderId) {

		jdbc.sql("""
				INSERT INTO catalog.reservations (id, released, version) VALUES (:id, false, 0)
				ON CONFLICT (id) DO NOTHING""")
				.param("id", orderId)
				.update();
		return reservations.findLockedById(orderId).orElseThrow();
	}

	/** Locks the products with the given SKUs in SKU order; unknown or malformed SKUs are left out. */
	private Map<String, Product> lock(Collection<String> skus) {

		var valid = skus.stream().filter(Sku::isValid).sorted().toList();

		if (valid.isEmpty()) {
			return Map.of();
		}

		List<String> found = jdbc.sql("SELECT sku FROM catalog.products WHERE sku IN (:skus) ORDER BY sku FOR UPDATE")
				.param("skus", valid)
				.query(String.class)
				.list();

		return StreamSupport.stream(products.findAllById(found.stream().map(Sku::new).toList()).spliterator(), false)
				.collect(Collectors.toMap(it -> it.getId().code(), Function.identity()));
	}
}
