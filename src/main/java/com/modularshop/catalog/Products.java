package com.modularshop.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.relational.core.sql.LockMode;
import org.springframework.data.relational.repository.Lock;
import org.springframework.data.repository.CrudRepository;

/** Products are listed and changed by {@link #save}; what a stock command changes is written by {@link #saveStock}. */
interface Products extends CrudRepository<Product, Sku>, ProductStocks {

	/** The product, its row locked until the surrounding transaction ends. */
	@Lock(LockMode.PESSIMISTIC_WRITE)
	Optional<Product> findLockedBySku(Sku sku);

	/**
	 * The products with the given SKUs, their rows locked until the surrounding transaction ends. Locked in SKU order,
	 * so that two reservations of the same products wait for each other instead of deadlocking. Written out rather
	 * than derived: every stock command calls it, and a derived query is rendered anew on each call.
	 */
	@Query("SELECT * FROM catalog.products WHERE sku IN (:skus) ORDER BY sku FOR UPDATE")
	List<Product> findLockedBySkuIn(Collection<String> skus);

	/** {@link #findLockedBySkuIn} by SKU code; SKUs without a product are left out. */
	default Map<String, Product> lockAll(Collection<String> skus) {

		return skus.isEmpty() ? Map.of()
				: findLockedBySkuIn(skus).stream()
						.collect(Collectors.toMap(it -> it.getId().code(), Function.identity()));
	}
}
