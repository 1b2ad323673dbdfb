package com.modularshop.order;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.repository.CrudRepository;
import org.springframework.data.repository.PagingAndSortingRepository;

import com.modularshop.order.Order.OrderId;
import com.modularshop.order.Order.Status;

/** Orders are inserted by {@link #insert}; what the saga changes later is written by {@link #saveState}. */
interface Orders extends CrudRepository<Order, OrderId>, PagingAndSortingRepository<Order, OrderId>, OrderStates {

	Page<Order> findByCustomerId(UUID customerId, Pageable pageable);

	Page<Order> findByStatus(Status status, Pageable pageable);

	/** Orders the catalog was asked to release stock for before the given time, and has not confirmed it. */
	Page<Order> findByStockReleaseConfirmedAtIsNullAndStockReleaseRequestedAtBefore(Instant before, Pageable pageable);
}
