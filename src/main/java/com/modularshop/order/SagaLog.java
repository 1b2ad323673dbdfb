package com.modularshop.order;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.modularshop.order.Order.Status;

/**
 * One INFO line per saga transition (placed, confirmed, rejected, cancelled) with the order id, and nothing else of the
 * order module at INFO. Written when the transaction that made the transition commits, so an attempt that is rolled
 * back and delivered again logs once. With tracing on the line carries the trace of the request that placed the
 * order; the order id and status are also key-value pairs, fields of their own in structured (JSON) logs.
 */
final class SagaLog {

	private static final Logger LOG = LoggerFactory.getLogger(SagaLog.class);

	private SagaLog() {}

	/** Logs the order's status if it differs from the one it had before ({@code null}: it was just placed). */
	static void transition(Order order, @Nullable Status before) {

		if (order.status() == before || !LOG.isInfoEnabled()) {
			return;
		}

		var line = switch (order.status()) {
			case PLACED -> "Order %s PLACED: %d line(s), %s %s, customer %s".formatted(order.getId().id(),
					order.lines().size(), order.total().amount(), order.total().currency(), order.customerId());
			case REJECTED -> "Order %s REJECTED: %s".formatted(order.getId().id(), order.rejectionReason());
			case CONFIRMED, CANCELLED -> "Order %s %s".formatted(order.getId().id(), order.status());
		};
		Runnable log = () -> LOG.atInfo().setMessage(line).addKeyValue("order.id", order.getId().id())
				.addKeyValue("order.status", order.status()).log();

		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCommit() {
					log.run();
				}
			});
		} else {
			log.run();
		}
	}
}
