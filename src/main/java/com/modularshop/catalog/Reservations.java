package com.modularshop.catalog;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.CrudRepository;

import com.modularshop.catalog.Reservation.ReservationId;

interface Reservations extends CrudRepository<Reservation, ReservationId> {

	/**
	 * The reservation, its row locked until the surrounding transaction ends. Written out rather than derived: every
	 * stock command calls it, and a derived query is rendered anew on each call.
	 */
	@Query("SELECT * FROM catalog.reservations WHERE id = :orderId FOR UPDATE")
	Optional<Reservation> findLockedById(UUID orderId);

	/**
	 * Makes the stock commands of one order wait for each other until the surrounding transaction ends, also before its
	 * reservation exists (a row lock needs the row): two first deliveries of the same command then run one after the
	 * other, and the second finds the first's answer instead of failing on the new reservation's key.
	 */
	@Query("SELECT CAST(pg_advisory_xact_lock(hashtextextended(CAST(:orderId AS text), 0)) AS text)")
	String lockOrder(UUID orderId);
}
