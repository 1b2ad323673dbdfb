package com.modularshop.infrastructure.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.modularshop.infrastructure.registry.ModuleListeners.Listener;
import com.modularshop.infrastructure.registry.RegistryTables.Backoff;
import com.modularshop.infrastructure.registry.RegistryTables.Claimed;

/**
 * Awaited listeners (the Kafka externalizer) that failed: paused for {@code retry.initial-backoff}, then tried with
 * one publication at a time until one succeeds. So a broker outage holds at most one listener thread, and the
 * listener's publications simply wait in the table.
 */
class ListenerPauses {

	private static final Logger LOG = LoggerFactory.getLogger(ListenerPauses.class);

	private final RegistryTables tables;
	private final Clock clock;
	private final Duration pause;
	private final Runnable wake;
	private final Map<String, Instant> pausedUntil = new ConcurrentHashMap<>();
	private final Set<String> probing = ConcurrentHashMap.newKeySet();

	/**
	 * @param wake called when a listener resumes, so that its waiting publications are claimed at once
	 */
	ListenerPauses(RegistryTables tables, Clock clock, Duration pause, Runnable wake) {
		this.tables = tables;
		this.clock = clock;
		this.pause = pause;
		this.wake = wake;
	}

	/** The listeners to claim for now: all but the paused ones. */
	Collection<String> claimable(Collection<String> listeners) {

		if (pausedUntil.isEmpty()) {
			return listeners;
		}

		var ids = new HashSet<>(listeners);
		ids.removeAll(pausedUntil.keySet());

		return ids;
	}

	/** Claims one publication of a paused listener whose pause is over, unless one is already being tried. */
	List<Claimed> probe(Instant now, @Nullable Backoff backoff) {

		for (var paused : pausedUntil.entrySet()) {
			if (!paused.getValue().isAfter(now) && probing.add(paused.getKey())) {
				var claimed = tables.claim(List.of(paused.getKey()), 1, now, backoff);
				if (claimed.isEmpty()) {
					probing.remove(paused.getKey());
				}
				return claimed;
			}
		}

		return List.of();
	}

	void failed(Listener listener) {

		if (listener.awaited()) {
			var until = clock.instant().plus(pause);
			if (pausedUntil.put(listener.id(), until) == null) {
				LOG.warn("{} failed; its publications wait, and it is tried again with one of them from {}",
						listener.shortName(), until);
			}
			probing.remove(listener.id());
		}
	}

	void succeeded(Listener listener) {

		if (listener.awaited() && pausedUntil.remove(listener.id()) != null) {
			LOG.info("{} succeeded again; its waiting publications follow", listener.shortName());
			probing.remove(listener.id());
			wake.run();
		}
	}
}
