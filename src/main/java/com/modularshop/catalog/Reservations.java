package com.modularshop.catalog;

import java.util.Optional;

import org.springframework.data.relational.core.sql.LockMode;
import org.springframework.data.relational.repository.Lock;
import org.springframework.data.repository.CrudRepository;

import com.modularshop.catalog.Reservation.ReservationId;

interface Reservations extends CrudRepository<Reservation, ReservationId> {

	/** The reservation, its row locked until the surrounding transaction ends. */
	@Lock(LockMode.PESSIMISTIC_WRITE)
	Optional<Reservation> findLockedById(ReservationId id);
}
