/**
 * The catalog module's asynchronous inbox: commands other modules publish for the catalog to act on. Like events,
 * they are records of JDK types only and travel through the event publication registry.
 */
@NamedInterface("commands")
@NullMarked
package com.modularshop.catalog.commands;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
