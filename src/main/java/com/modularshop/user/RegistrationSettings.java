package com.modularshop.user;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How registrations are throttled: registering sends an email from the shop's domain, so an unthrottled endpoint is a
 * spam relay.
 *
 * @param maxPerAddress registrations per client address within {@code window}
 * @param window the window of {@code maxPerAddress}
 */
@ConfigurationProperties("shop.user.registration")
record RegistrationSettings(@DefaultValue("10") int maxPerAddress, @DefaultValue("1h") Duration window) {}
