package com.modularshop.infrastructure.registry;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Holds ingest back while the listeners are behind: when the publications waiting for their first delivery reach the
 * backlog's bound ({@code shop.events.dispatch.max-waiting}, or what the listeners took in {@code max-queue-time} at
 * their recent rate if that is lower, see {@link WaitingBound}), a write request to the API waits up to
 * {@code shop.events.dispatch.max-wait} for the backlog to shrink, and is otherwise answered 503 with
 * {@code Retry-After} and a problem document, before any work (or token check) is spent on it. Write requests are also
 * held while {@code max-in-flight} of them are being processed. At most {@code max-held} requests wait at a time;
 * beyond that the answer is 503 at once, so that waiting requests cannot occupy every request thread. Reads are always
 * served. The backlog, and with it the time from an accepted request to its last listener, stays bounded however hard
 * clients push.
 */
class IngestBackpressure extends OncePerRequestFilter {

	private static final byte[] PROBLEM = """
			{"type":"https://modular-shop.example/problems/overloaded","title":"Service Unavailable","status":503,\
			"detail":"The shop is processing a backlog of messages between its modules; retry after the time given in \
			Retry-After."}""".getBytes(StandardCharsets.UTF_8);

	private static final long RECOUNT_WAIT_NANOS = 50_000_000;

	private final PublicationDispatcher dispatcher;
	private final long maxWaitMillis;
	private final Counter held;
	private final Counter refused;
	private final AtomicLong admittedSinceCount = new AtomicLong();
	private final AtomicInteger holding = new AtomicInteger();
	private final int maxHeld;
	private final Semaphore inFlight;
	private volatile long lastCount = -1;

	IngestBackpressure(PublicationDispatcher dispatcher, EventsSettings settings, MeterRegistry meters) {
		this.dispatcher = dispatcher;
		this.maxWaitMillis = settings.dispatch().maxWait().toMillis();
		this.maxHeld = settings.dispatch().maxHeld();
		this.inFlight = new Semaphore(settings.dispatch().maxInFlight());
		this.held = meters.counter("shop.events.ingest.held");
		this.refused = meters.counter("shop.events.ingest.refused");
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		var method = request.getMethod();
		return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")
				|| !request.getRequestURI().startsWith("/api/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {

		if (enter() || holding.get() < maxHeld && waitForRoom()) {
			try {
				chain.doFilter(request, response);
			} finally {
				inFlight.release();
			}
			return;
		}

		refused.increment();
		response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
		response.setHeader(HttpHeaders.RETRY_AFTER, "1");
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(PROBLEM);
	}

	/** Takes one of the in-flight places if there is room in the backlog for one more request. */
	private boolean enter() {

		if (!inFlight.tryAcquire()) {
			return false;
		}
		if (admitted()) {
			return true;
		}
		inFlight.release();
		return false;
	}

	/**
	 * Whether there is room for one more request, counting the ones let through since the backlog was last counted:
	 * held requests are let through a few at a time as the backlog shrinks, not all at once, which would make the
	 * listeners work in waves.
	 */
	private boolean admitted() {

		if (full()) {
			return false;
		}

		admittedSinceCount.incrementAndGet();
		return true;
	}

	private boolean full() {

		var count = dispatcher.backlog().counted();
		if (count != lastCount) {
			lastCount = count;
			admittedSinceCount.set(0);
		}

		if (dispatcher.backlog().waiting() + admittedSinceCount.get() >= dispatcher.backlog().bound()) {
			// a fresh count, in case what was let through published nothing and the dispatcher has gone idle; only
			// when one is due, as every refusal of an overload would otherwise wake the dispatcher again
			if (dispatcher.backlog().recountDue()) {
				dispatcher.wake();
			}
			return true;
		}

		return false;
	}

	/**
	 * Waits for the backlog to be counted again while it is full (the dispatcher counts at most every 50 ms), then for
	 * an in-flight place: the semaphore wakes a waiting request as soon as a request ends (one that has just arrived
	 * may still take the place first). Polling every 10 ms instead woke each of the {@code max-held} requests a hundred
	 * times a second through an overload, and left a freed place empty until the next poll.
	 */
	private boolean waitForRoom() {

		held.increment();
		holding.incrementAndGet();
		var deadline = System.nanoTime() + maxWaitMillis * 1_000_000;

		try {
			for (var left = maxWaitMillis * 1_000_000; left > 0; left = deadline - System.nanoTime()) {
				var seen = dispatcher.backlog().counted();
				if (full()) {
					// bounded: a count skipped as too recent signals nobody, and the dispatcher may then sleep
					dispatcher.backlog().awaitCountAfter(seen, Math.min(RECOUNT_WAIT_NANOS, left));
				} else if (inFlight.tryAcquire(left, TimeUnit.NANOSECONDS)) {
					if (admitted()) {
						return true;
					}
					inFlight.release();
				}
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		} finally {
			holding.decrementAndGet();
		}

		return false;
	}
}
