/**
 * The order module's published contract: immutable records of JDK types only, stable as JSON.
 */
@NamedInterface("events")
package com.modularshop.order.events;

import org.springframework.modulith.NamedInterface;
