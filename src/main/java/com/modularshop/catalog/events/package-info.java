/**
 * The catalog module's published contract: immutable records of JDK types only, stable as JSON.
 */
@NamedInterface("events")
package com.modularshop.catalog.events;

import org.springframework.modulith.NamedInterface;
