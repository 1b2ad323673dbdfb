package com.modularshop.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import org.jmolecules.ddd.types.ValueObject;

import com.modularshop.catalog.commands.ReserveStock;

/**
 * What an order asks the catalog to hold: one quantity per SKU, lines of the same SKU added up, so that each product is
 * checked against everything the order wants of it. SKUs are kept in order, the order their rows are locked in.
 */
record StockRequest(SortedMap<String, Integer> quantities) implements ValueObject {

	StockRequest {
		quantities = Collections.unmodifiableSortedMap(new TreeMap<>(quantities));
	}

	static StockRequest of(List<ReserveStock.Line> lines) {

		var merged = new TreeMap<String, Integer>();
		lines.forEach(it -> merged.merge(it.sku(), it.quantity(), Integer::sum));

		return new StockRequest(merged);
	}

	static StockRequest of(ReserveStock command) {
		return of(command.lines());
	}

	Set<String> skus() {
		return quantities.keySet();
	}

	/**
	 * Why the products cannot serve this request, one problem per SKU that is not for sale or has too little
	 * available; empty when every line can be served.
	 *
	 * @param products the requested products by SKU code; unknown SKUs are missing
	 */
	List<String> problemsWith(Map<String, Product> products) {

		var problems = new ArrayList<String>();

		quantities.forEach((sku, quantity) -> {

			var product = products.get(sku);

			if (product == null || !product.isListed()) {
				problems.add("%s is not for sale".formatted(sku));
			} else if (!product.canReserve(quantity)) {
				problems.add("%s: %d wanted, %d available".formatted(sku, quantity, Math.max(product.available(), 0)));
			}
		});

		if (quantities.isEmpty()) {
			problems.add("Nothing to reserve");
		}

		return problems;
	}
}
