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
}
