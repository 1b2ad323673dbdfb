package com.modularshop.infrastructure.modules;

/** Where an application module runs, as seen from one process: {@code shop.modules.<module>.mode}. */
public enum ModuleMode {

	/** In this process: its beans, endpoints, listeners and migrations. */
	LOCAL,

	/** In another process: its messages reach this one through Kafka, and what it needs leaves through Kafka. */
	REMOTE
}
