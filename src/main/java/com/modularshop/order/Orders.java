package com.modularshop.order;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.relational.core.sql.LockMode;
import org.springframework.data.relational.repository.Lock;
import org.springframework.data.repository.CrudRepository;

import com.modularshop.order.Order.OrderId;

interface Orders extends CrudRepository<Order, OrderId> {

	Page<Order> findByCustomerId(UUID customerId, Pageable pageable);

	Optional<Order> findByCustomerIdAndIdempotencyKey(UUID customerId, String idempotencyKey);

	/** The order, its row locked until the surrounding transaction ends. */
	@Lock(LockMode.PESSIMISTIC_WRITE)
	Optional<Order> findLockedById(OrderId id);
}
