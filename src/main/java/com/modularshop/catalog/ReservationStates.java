package com.modularshop.catalog;

import java.util.Optional;
import java.util.UUID;

/**
 * Reads and writes what the stock commands change on a reservation with plain SQL. A repository save inserts the
 * lines through Spring Data JDBC's aggregate machinery and rewrites the whole aggregate, and a repository read renders
 * the lines' SQL anew on every call: together they cost more CPU per order than the SQL itself.
 */
interface ReservationStates {

	/**
	 * Makes the stock commands of one order wait for each other until the surrounding transaction ends, also before its
	 * reservation exists (a row lock needs the row): two first deliveries of the same command then run one after the
	 * other, and the second finds the first's answer instead of failing on the new reservation's key.
	 */
	void lockOrder(UUID orderId);

	/** The reservation with its lines, its row locked until the surrounding transaction ends. */
	Optional<Reservation> findLockedById(UUID orderId);

	/**
	 * Inserts a new reservation with its lines, or updates the state of one read before (its lines never change after
	 * the first answer), checked against its version; then publishes the events its actions registered, as a
	 * repository save would.
	 *
	 * @throws org.springframework.dao.DuplicateKeyException if another transaction inserted the order's reservation
	 * @throws org.springframework.dao.OptimisticLockingFailureException if the reservation changed since it was read
	 */
	Reservation saveState(Reservation reservation);
}
