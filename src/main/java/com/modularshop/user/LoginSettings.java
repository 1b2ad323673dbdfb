package com.modularshop.user;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How failed sign-ins are throttled.
 *
 * @param maxFailures consecutive failed sign-ins that lock an account
 * @param lockout how long a locked account is refused
 */
@ConfigurationProperties("shop.users.login")
record LoginSettings(@DefaultValue("5") int maxFailures, @DefaultValue("1m") Duration lockout) {}
