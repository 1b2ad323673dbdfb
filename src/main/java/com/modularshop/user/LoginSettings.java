package com.modularshop.user;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How sign-in attempts are throttled (see {@link LoginThrottle}).
 *
 * @param maxFailures sign-in attempts per email and client address within {@code lockout}
 * @param lockout the window of {@code maxFailures}; a client over the limit waits until it ends
 * @param accountMaxFailures sign-in attempts per email from all addresses within {@code accountWindow}
 * @param accountWindow the window of {@code accountMaxFailures}
 */
@ConfigurationProperties("shop.user.login")
record LoginSettings(@DefaultValue("5") int maxFailures, @DefaultValue("1m") Duration lockout,
		@DefaultValue("100") int accountMaxFailures, @DefaultValue("15m") Duration accountWindow) {}
