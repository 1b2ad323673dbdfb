package com.modularshop.infrastructure.registry;

/** Why a publication was given up on. */
enum DeadLetterReason {
	/** Failed {@code max-attempts} times. */
	EXHAUSTED,
	/** An operator gave up on it. */
	ABANDONED,
	/** Its message type or payload can no longer be read (class renamed, payload changed). */
	UNREADABLE
}
