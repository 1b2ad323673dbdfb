package com.modularshop.order.events;

import java.math.BigDecimal;

/**
 * One line of an order as its events describe it: what was bought, how many, at which price.
 */
public record OrderLine(String sku, String name, int quantity, BigDecimal unitPrice, BigDecimal lineTotal) {}
