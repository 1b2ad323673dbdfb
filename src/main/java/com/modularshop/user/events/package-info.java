/**
 * The user module's published contract: immutable records of JDK types only, stable as JSON.
 */
@NamedInterface("events")
package com.modularshop.user.events;

import org.springframework.modulith.NamedInterface;
