package com.modularshop.catalog;

import org.springframework.data.repository.CrudRepository;

import com.modularshop.catalog.Reservation.ReservationId;

interface Reservations extends CrudRepository<Reservation, ReservationId> {}
