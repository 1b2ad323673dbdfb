package com.modularshop.order;

import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.jmolecules.ddd.types.ValueObject;
import org.springframework.data.relational.core.mapping.Embedded;
import org.springframework.data.relational.core.mapping.Table;

import com.modularshop.order.OrderExceptions.MixedCurrencies;
import com.modularshop.order.events.OrderLine;

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

	static List<OrderLine> forEvents(List<Line> lines) {
		return lines.stream().map(it -> new OrderLine(it.sku(), it.name(), it.quantity(), it.unitPrice().amount(),
				it.lineTotal().amount())).toList();
	}

	/** The total of lines of one currency: amounts of different currencies never add up. */
	static Money totalOf(List<Line> lines) {

		if (lines.isEmpty()) {
			throw new IllegalArgumentException("An order needs at least one line");
		}

		var currencies = lines.stream().collect(Collectors.toMap(Line::sku, it -> it.unitPrice().currency(),
				(first, second) -> first, TreeMap::new));

		if (Set.copyOf(currencies.values()).size() > 1) {
			throw new MixedCurrencies(currencies);
		}

		return lines.stream().map(Line::lineTotal).reduce(Money::plus).orElseThrow();
	}
}
