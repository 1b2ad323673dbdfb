package com.modularshop.catalog;

import org.springframework.data.repository.CrudRepository;

import com.modularshop.catalog.Reservation.ReservationId;

/** The stock commands read and write reservations through {@link ReservationStates}, not the repository's own methods. */
interface Reservations extends CrudRepository<Reservation, ReservationId>, ReservationStates {}
