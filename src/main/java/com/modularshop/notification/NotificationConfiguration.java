package com.modularshop.notification;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The module brings its own scheduling for {@link EmailDelivery}, so it works alone (module tests, a lifted service).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class NotificationConfiguration {}
