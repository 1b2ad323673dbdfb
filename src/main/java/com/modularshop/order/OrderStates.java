package com.modularshop.order;

/**
 * Saves what the saga changes on an order, and nothing else. A repository save of the aggregate would delete and
 * insert all its lines again (Spring Data JDBC does not track changes), although the lines never change after placing.
 */
interface OrderStates {

	/**
	 * Writes the order's status, rejection reason and stock release, checked against its version, and publishes the
	 * events its actions registered, as a repository save would.
	 *
	 * @throws org.springframework.dao.OptimisticLockingFailureException if the order changed since it was loaded
	 */
	Order saveState(Order order);
}
