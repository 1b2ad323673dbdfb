package com.modularshop.infrastructure.registry;

/** The registry's statuses, as Spring Modulith stores them. */
enum PublicationStatus {
	/** Stored with the business change, waiting for the dispatcher. */
	PUBLISHED,
	/** Claimed by a dispatcher; its attempt started at {@code last_resubmission_date}. */
	PROCESSING,
	/** The last attempt failed; due again after its backoff. */
	FAILED,
	/** Handed out by Spring Modulith's own resubmission API; treated as an attempt in flight. */
	RESUBMITTED,
	/** Only in the archive, or in the table with {@code completion-mode: update}. */
	COMPLETED
}
