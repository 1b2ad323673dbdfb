package com.modularshop.testsupport;

import java.time.Duration;
import java.util.UUID;

/**
 * Values tests share: how long to wait for asynchronous work, and identifiers no other test (or earlier run against
 * the shared database) has used.
 */
public final class Fixtures {

	/** How long a test waits for listeners and the saga: generous, since the machine runs several builds at once. */
	public static final Duration PATIENCE = Duration.ofSeconds(30);

	private Fixtures() {}

	public static String uniqueSku() {
		return "SKU-" + UUID.randomUUID();
	}

	public static String uniqueEmail() {
		return uniqueEmail("customer");
	}

	/** An address that names what it is for, so that a failing test's data can be told apart in the database. */
	public static String uniqueEmail(String purpose) {
		return purpose + "-" + UUID.randomUUID() + "@shop.test";
	}
}
