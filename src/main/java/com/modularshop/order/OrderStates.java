package com.modularshop.order;

import java.util.Optional;
import java.util.UUID;

/**
 * Writes orders with hand-written SQL, where the repository's aggregate save costs more CPU than the statements it
 * sends: placing inserts the order and its lines once, and afterwards the saga writes its state, nothing else. A
 * repository save of the aggregate would delete and insert all its lines again (Spring Data JDBC does not track
 * changes), although the lines never change after placing.
 */
interface OrderStates {

	/**
	 * Inserts a new order with its lines, and publishes the events its placing registered, as a repository save
	 * would. Every order is placed through here: it is the hottest write of the shop.
	 */
	Order insert(Order order);

	/**
	 * The order with its lines, its row locked until the surrounding transaction ends: every step of the saga and every
	 * cancellation starts here.
	 */
	Optional<Order> findLockedById(UUID id);

	/**
	 * Writes the order's status, rejection reason and stock release, checked against its version, and publishes the
	 * events its actions registered, as a repository save would.
	 *
	 * @throws org.springframework.dao.OptimisticLockingFailureException if the order changed since it was loaded
	 */
	Order saveState(Order order);
}
