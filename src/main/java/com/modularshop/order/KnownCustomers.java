package com.modularshop.order;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import com.modularshop.user.events.UserDeactivated;
import com.modularshop.user.events.UserRegistered;

/**
 * Which customers may still order, as the user events tell. A customer the order module has not heard of yet is
 * trusted (their token was valid); a deactivation is final whatever arrives after it.
 */
@Component
class KnownCustomers {

	private final JdbcClient jdbc;

	KnownCustomers(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@ApplicationModuleListener
	void on(UserRegistered event) {

		jdbc.sql("INSERT INTO ordering.customers (id, active) VALUES (:id, true) ON CONFLICT (id) DO NOTHING")
				.param("id", event.userId())
				.update();
	}

	@ApplicationModuleListener
	void on(UserDeactivated event) {

		jdbc.sql("""
				INSERT INTO ordering.customers (id, active) VALUES (:id, false)
				ON CONFLICT (id) DO UPDATE SET active = false""")
				.param("id", event.userId())
				.update();
	}

	boolean isDeactivated(UUID customerId) {

		return jdbc.sql("SELECT NOT active FROM ordering.customers WHERE id = :id")
				.param("id", customerId)
				.query(Boolean.class)
				.optional()
				.orElse(false);
	}
}
