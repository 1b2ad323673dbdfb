package com.modularshop.infrastructure.messaging;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How messages travel through Kafka once {@code spring.modulith.events.externalization.enabled=true}; the broker and
 * the clients are configured with Spring Boot's {@code spring.kafka.*}.
 *
 * @param partitions partitions of each topic this process declares (ordering holds per key within one)
 * @param groupId the consumer group of this service; by default {@code shop.} and its local modules, so that the
 *          instances of one service share the work and two services each get every message
 * @param retryInterval first wait before an inbound record whose transaction failed (the database, not the record) is
 *          tried again; it doubles up to {@code max-retry-interval} and is never given up
 * @param maxRetryInterval longest wait between such tries
 */
@ConfigurationProperties("shop.messaging")
public record MessagingSettings(@DefaultValue("3") int partitions, @Nullable String groupId,
		@DefaultValue("1s") Duration retryInterval, @DefaultValue("30s") Duration maxRetryInterval) {}
