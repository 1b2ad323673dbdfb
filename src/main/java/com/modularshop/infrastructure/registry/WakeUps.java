package com.modularshop.infrastructure.registry;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The dispatcher's doorbell: any number of rings while it works amount to one more look at the table.
 */
class WakeUps {

	private static final String AFTER_COMMIT = WakeUps.class.getName() + ".afterCommit";

	private final BlockingQueue<Boolean> rings = new ArrayBlockingQueue<>(1);

	void ring() {
		rings.offer(Boolean.TRUE);
	}

	/** Rings once the current transaction commits (once per transaction), or now when there is none. */
	void ringAfterCommit() {

		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			ring();
			return;
		}

		if (!TransactionSynchronizationManager.hasResource(AFTER_COMMIT)) {
			TransactionSynchronizationManager.bindResource(AFTER_COMMIT, Boolean.TRUE);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCompletion(int status) {
					TransactionSynchronizationManager.unbindResourceIfPossible(AFTER_COMMIT);
					if (status == STATUS_COMMITTED) {
						ring();
					}
				}
			});
		}
	}

	/** Waits for a ring, at most for the given time. */
	void await(Duration timeout) throws InterruptedException {
		rings.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}
}
