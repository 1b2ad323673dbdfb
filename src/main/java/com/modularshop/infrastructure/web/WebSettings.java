package com.modularshop.infrastructure.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what a request may carry.
 *
 * @param maxRequestBody the largest request body accepted; the biggest legitimate one (an order of 100 lines) is a few
 *          KiB, so 64 KiB leaves room without letting one request hold megabytes of heap
 */
@ConfigurationProperties("shop.web")
record WebSettings(@DefaultValue("64KB") DataSize maxRequestBody) {}
