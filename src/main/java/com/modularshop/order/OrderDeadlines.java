package com.modularshop.order;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * The saga's deadline: no answer from the catalog (a dead-lettered {@code StockReserved}, a catalog that is down) must
 * not leave an order PLACED with its stock held. An order still PLACED after {@code shop.order.confirmation-timeout}
 * is rejected with reason {@code TIMEOUT}, which also sends {@code ReleaseStock}. Each order is locked and decides from
 * its status, so several instances or a racing answer from the catalog change it once.
 */
@Component
@EnableScheduling
class OrderDeadlines implements SchedulingConfigurer {

	static final int BATCH = 100;

	private final JdbcClient jdbc;
	private final OrderManagement management;
	private final OrderSettings settings;
	private final Clock clock;

	OrderDeadlines(JdbcClient jdbc, OrderManagement management, OrderSettings settings, Clock clock) {

		this.jdbc = jdbc;
		this.management = management;
		this.settings = settings;
		this.clock = clock;
	}

	/** Every {@code shop.order.deadline-check-interval}, read from the settings that hold its default. */
	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(new FixedDelayTask(this::rejectOverdueOrders, settings.deadlineCheckInterval(),
				Duration.ZERO));
	}

	void rejectOverdueOrders() {

		var before = clock.instant().minus(settings.confirmationTimeout());
		var overdue = jdbc.sql("""
				SELECT id FROM ordering.orders WHERE status = 'PLACED' AND placed_at < :before
				ORDER BY placed_at LIMIT :batch""")
				.param("before", OffsetDateTime.ofInstant(before, ZoneOffset.UTC))
				.param("batch", BATCH)
				.query(UUID.class).list();

		// one transaction per order (advance's own): one that fails does not hold back the others
		overdue.forEach(id -> management.advance(id, Order::rejectOverdue));
	}
}
