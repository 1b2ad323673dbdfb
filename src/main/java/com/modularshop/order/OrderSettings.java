package com.modularshop.order;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The saga's deadline.
 *
 * @param confirmationTimeout how long an order may stay PLACED; then it is REJECTED with reason {@code TIMEOUT} and
 *          whatever the catalog reserved for it is released
 * @param deadlineCheckInterval how often overdue orders are looked for
 */
@ConfigurationProperties("shop.order")
record OrderSettings(@DefaultValue("15m") Duration confirmationTimeout,
		@DefaultValue("1m") Duration deadlineCheckInterval) {}
