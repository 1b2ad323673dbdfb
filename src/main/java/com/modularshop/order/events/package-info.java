/**
 * The order module's published contract: immutable records of JDK types only, stable as JSON.
 */
@NamedInterface("events")
@NullMarked
package com.modularshop.order.events;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
