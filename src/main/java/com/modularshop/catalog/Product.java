package com.modularshop.catalog;

import java.time.Instant;
import java.util.UUID;

import org.jmolecules.ddd.types.AggregateRoot;
import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.relational.core.mapping.Embedded;
import org.springframework.data.relational.core.mapping.Table;

import com.modularshop.catalog.CatalogExceptions.InsufficientStock;
import com.modularshop.catalog.CatalogExceptions.ProductNotListed;
import com.modularshop.catalog.events.ProductDelisted;
import com.modularshop.catalog.events.ProductListed;
import com.modularshop.catalog.events.ProductUpdated;

/**
 * A product for sale: what it is, what it costs and how much of it the shop has. {@code reserved} is what
 * reservations hold of {@code onHand}; it never exceeds it, so what is available can never be sold twice.
 */
@Table(schema = "catalog", name = "products")
class Product extends VersionedAggregate<Product> implements AggregateRoot<Product, Sku> {

	private final @Id Sku sku;
	private String name;
	private String description;
	private @Nullable String category;
	private @Embedded.Nullable(prefix = "price_") Money price;
	private int onHand;
	private int reserved;
	private boolean listed;
	private final Instant listedAt;

	@PersistenceCreator
	Product(Sku sku, String name, String description, @Nullable String category, Money price, int onHand,
			int reserved, boolean listed, Instant listedAt, @Nullable Long version) {

		super(version);
		this.sku = sku;
		this.name = name;
		this.description = description;
		this.category = category;
		this.price = price;
		this.onHand = onHand;
		this.reserved = reserved;
		this.listed = listed;
		this.listedAt = listedAt;
	}

	/** A product new to the shop: nothing of its stock reserved yet. */
	private Product(Sku sku, String name, String description, @Nullable String category, Money price, int stock,
			Instant listedAt) {

		super(null);

		if (stock < 0) {
			throw new IllegalArgumentException("Stock cannot be negative");
		}

		this.sku = sku;
		this.name = name.trim();
		this.description = description.trim();
		this.category = normalise(category);
		this.price = price;
		this.onHand = stock;
		this.listed = true;
		this.listedAt = listedAt;
	}

	/** Puts a new product up for sale with its stock on hand, and announces it. */
	static Product listForSale(Sku sku, String name, String description, @Nullable String category, Money price,
			int stock, Instant now) {

		var product = new Product(sku, name, description, category, price, stock, now);

		product.registerEvent(new ProductListed(UUID.randomUUID(), sku.code(), product.name, product.description,
				product.category, price.amount(), price.currency(), product.listedAt));

		return product;
	}

	Product update(String name, String description, @Nullable String category, Money price, Instant now) {

		if (!listed) {
			throw new ProductNotListed(sku);
		}

		this.name = name.trim();
		this.description = description.trim();
		this.category = normalise(category);
		this.price = price;

		registerEvent(new ProductUpdated(UUID.randomUUID(), sku.code(), this.name, this.description, this.category,
				price.amount(), price.currency(), now));

		return this;
	}

	/** Adds (or with a negative delta removes) stock on hand; what reservations hold cannot be removed. */
	Product adjustStock(int delta) {

		var adjusted = (long) onHand + delta;

		if (adjusted < reserved || adjusted > Integer.MAX_VALUE) {
			throw new InsufficientStock(sku, onHand, reserved, delta);
		}

		onHand = (int) adjusted;

		return this;
	}

	/** Idempotent: delisting a delisted product changes nothing and tells nobody. */
	Product delist(Instant now) {

		if (listed) {
			listed = false;
			registerEvent(new ProductDelisted(UUID.randomUUID(), sku.code(), now));
		}

		return this;
	}

	boolean canReserve(int quantity) {
		return listed && quantity > 0 && available() >= quantity;
	}

	Product reserve(int quantity) {

		if (!canReserve(quantity)) {
			throw new IllegalStateException("Cannot reserve %d of %s".formatted(quantity, sku));
		}

		reserved += quantity;

		return this;
	}

	/** Gives back what a reservation held; stock delisted meanwhile is still given back. */
	Product release(int quantity) {

		reserved = Math.max(0, reserved - quantity);

		return this;
	}

	int available() {
		return onHand - reserved;
	}

	@Override
	public Sku getId() {
		return sku;
	}

	String name() {
		return name;
	}

	String description() {
		return description;
	}

	@Nullable
	String category() {
		return category;
	}

	Money price() {
		return price;
	}

	int onHand() {
		return onHand;
	}

	int reserved() {
		return reserved;
	}

	boolean isListed() {
		return listed;
	}

	private static @Nullable String normalise(@Nullable String category) {
		return category == null || category.isBlank() ? null : category.trim();
	}
}
