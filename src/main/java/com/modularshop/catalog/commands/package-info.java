/**
 * The catalog module's asynchronous inbox: commands other modules publish for the catalog to act on. Like events,
 * they are records of JDK types only and travel through the event publication registry.
 */
@NamedInterface("commands")
package com.modularshop.catalog.commands;

import org.springframework.modulith.NamedInterface;
