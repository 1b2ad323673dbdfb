package com.modularshop.infrastructure.registry;

import static com.modularshop.testsupport.Fixtures.*;
import static org.assertj.core.api.Assertions.*;
import static org.awaitility.Awaitility.*;

import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServletResponse;

import javax.sql.DataSource;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.modulith.events.core.EventPublicationRegistry;
import org.springframework.test.util.AopTestUtils;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Dispatched and supervised delivery against the real registry: a probe listener that fails, blocks or succeeds on
 * command shows retries with backoff, dead-lettering, redelivery of lost publications, claims bounded by the listener
 * threads, back-pressure on ingest, poison publications, the table's vacuum and the advisory lock. The context is closed
 * afterwards so its dispatcher cannot touch other tests' publications in the shared database.
 */
@SpringBootTest(properties = { "shop.events.supervision.enabled=true", "shop.events.retry.interval=200ms",
		"shop.events.retry.initial-backoff=300ms", "shop.events.retry.multiplier=2", "shop.events.retry.max-attempts=4",
		"shop.events.retry.stale-after=2s", "shop.events.executor.threads=1", "shop.events.dispatch.max-waiting=3",
		"shop.events.dispatch.max-wait=1s", "shop.events.dispatch.max-in-flight=1",
		"shop.events.dispatch.vacuum-after=20",
		"shop.events.dispatch.poll-interval=100ms" })
@AutoConfigureMockMvc
@DirtiesContext
class EventSupervisionIntegrationTests {

	/** A message whose listener fails a number of times, or blocks until released. */
	public record Probe(UUID eventId, int failuresBeforeSuccess, boolean block) {}

	/** Accessed through methods only: the bean is a proxy, its fields are not the listener's. */
	static class ProbeListener {

		private final Map<UUID, List<Instant>> calls = new ConcurrentHashMap<>();
		private volatile CountDownLatch gate = new CountDownLatch(0);

		@ApplicationModuleListener
		void on(Probe probe) throws InterruptedException {

			var attempts = calls.computeIfAbsent(probe.eventId(), __ -> new CopyOnWriteArrayList<>());
			attempts.add(Instant.now());

			if (probe.block()) {
				gate.await(30, TimeUnit.SECONDS);
			}

			if (attempts.size() <= probe.failuresBeforeSuccess()) {
				throw new IllegalStateException("probe failure " + attempts.size());
			}
		}

		List<Instant> callsOf(UUID id) {
			return List.copyOf(calls.getOrDefault(id, List.of()));
		}

		int calls(UUID id) {
			return callsOf(id).size();
		}

		void closeGate() {
			gate = new CountDownLatch(1);
		}

		void openGate() {
			gate.countDown();
		}
	}

	/** A message for a plain transactional listener, which Spring Modulith delivers and completes, not the dispatcher. */
	public record Handed(UUID eventId) {}

	static class PlainListener {

		private final Set<UUID> received = ConcurrentHashMap.newKeySet();

		@TransactionalEventListener
		void on(Handed handed) {
			received.add(handed.eventId());
		}

		boolean received(UUID id) {
			return received.contains(id);
		}
	}

	/** A write request that stays in the filter chain, behind ingest back-pressure, until released. */
	static class SlowRequest {

		private final CountDownLatch entered = new CountDownLatch(1);
		private final CountDownLatch release = new CountDownLatch(1);
	}

	@TestConfiguration
	static class Probes {

		@Bean
		ProbeListener probeListener() {
			return new ProbeListener();
		}

		@Bean
		PlainListener plainListener() {
			return new PlainListener();
		}

		@Bean
		SlowRequest slowRequest() {
			return new SlowRequest();
		}

		@Bean
		FilterRegistrationBean<?> slowRequestFilter(SlowRequest slow) {

			var registration = new FilterRegistrationBean<>((request, response, chain) -> {
				slow.entered.countDown();
				try {
					slow.release.await(30, TimeUnit.SECONDS);
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
				((HttpServletResponse) response).setStatus(HttpStatus.NO_CONTENT.value());
			});
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
			registration.addUrlPatterns("/api/slow");
			return registration;
		}
	}

	@Autowired ApplicationEventPublisher events;
	@Autowired TransactionTemplate transactions;
	@Autowired JdbcClient jdbc;
	@Autowired ProbeListener listener;
	@Autowired PublicationSupervisor supervisor;
	@Autowired DataSource dataSource;
	@Autowired MeterRegistry meters;
	@Autowired MockMvcTester mvc;
	@Autowired EventPublicationRegistry registry;
	@Autowired SlowRequest slowRequest;
	@Autowired PlainListener plainListener;

	@Test
	void retriesAFailingListenerWithGrowingBackoffUntilItSucceeds() {

		var probe = publish(new Probe(UUID.randomUUID(), 2, false));

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(archivedAttempts(probe)).isEqualTo(3));

		var calls = listener.callsOf(probe.eventId());
		assertThat(calls).hasSize(3);
		// backoff counts from the registry's timestamps, taken a moment before each call: allow 50 ms for that
		assertThat(Duration.between(calls.get(0), calls.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(250));
		assertThat(Duration.between(calls.get(1), calls.get(2))).isGreaterThanOrEqualTo(Duration.ofMillis(550));
		assertThat(incomplete(probe)).isZero();

		var failure = jdbc.sql("SELECT failures, last_error FROM event_publication_failure WHERE event_id = :id")
				.param("id", probe.eventId()).query().singleRow();
		assertThat(failure.get("failures")).isEqualTo(2);
		assertThat((String) failure.get("last_error")).contains("probe failure 2");
	}

	@Test
	void turnsAPublicationThatExhaustedItsAttemptsIntoADeadLetterAndLeavesIt() {

		var probe = publish(new Probe(UUID.randomUUID(), Integer.MAX_VALUE, false));

		await().atMost(PATIENCE).untilAsserted(() -> assertThat(deadLetterReason(probe)).isEqualTo("EXHAUSTED"));

		assertThat(incomplete(probe)).isZero();
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
				.untilAsserted(() -> assertThat(listener.calls(probe.eventId())).isEqualTo(4));
		assertThat(meters.counter("shop.events.dead.letters", "event", "EventSupervisionIntegrationTests.Probe").count())
				.isGreaterThanOrEqualTo(1);
	}

	@Test
	void redeliversAPublicationLostInFlight() {

		// a real publication tells which listener id the registry uses for the probe listener
		var first = publish(new Probe(UUID.randomUUID(), 0, false));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(archivedAttempts(first)).isEqualTo(1));
		var listenerId = jdbc.sql("SELECT listener_id FROM event_publication_archive WHERE serialized_event LIKE :id")
				.param("id", "%" + first.eventId() + "%").query(String.class).single();

		// what a process killed mid-delivery leaves behind: a row in PROCESSING that nobody will complete
		var lost = new Probe(UUID.randomUUID(), 0, false);
		jdbc.sql("""
				INSERT INTO event_publication (id, listener_id, event_type, serialized_event, publication_date,
				  status, completion_attempts)
				VALUES (:id, :listener, :type, :event, now() - interval '1 hour', 'PROCESSING', 1)
				""")
				.param("id", UUID.randomUUID()).param("listener", listenerId).param("type", Probe.class.getName())
				.param("event", """
						{"eventId":"%s","failuresBeforeSuccess":0,"block":false}""".formatted(lost.eventId()))
				.update();

		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(archivedAttempts(lost)).isEqualTo(2));
		assertThat(listener.calls(lost.eventId())).isEqualTo(1);
	}

	@Test
	void claimsNoMoreThanTheListenerThreadsCanTakeAndRefusesWritesWhileBehind() {

		listener.closeGate();

		// one thread: one probe runs, one is claimed for it, the rest wait in the table
		var probes = publishAll(10, true);

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(statusCounts(probes))
				.containsEntry("PROCESSING", 2L).containsEntry("PUBLISHED", 8L));
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
				mvc.post().uri("/api/products").contentType(MediaType.APPLICATION_JSON).content("{}"))
				.hasStatus(HttpStatus.SERVICE_UNAVAILABLE).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
				.hasHeader(HttpHeaders.RETRY_AFTER, "1"));
		assertThat(mvc.get().uri("/api/products/NOSUCH")).hasStatus(HttpStatus.NOT_FOUND);

		listener.openGate();

		await().atMost(PATIENCE).untilAsserted(
				() -> assertThat(probes).allSatisfy(it -> assertThat(archivedAttempts(it)).isOne()));
		assertThat(probes).allSatisfy(it -> assertThat(listener.calls(it.eventId())).isOne());
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
				mvc.post().uri("/api/products").contentType(MediaType.APPLICATION_JSON).content("{}"))
				.hasStatus(HttpStatus.UNAUTHORIZED));
	}

	@Test
	void keepsRefusingWritesWhenClaimsFindLessThanWaits() throws Exception {

		listener.closeGate();

		var probes = publishAll(10, true);
		// the one listener thread busy: the rest wait (well within stale-after, so the supervisor stays out of it)
		await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(statusCounts(probes))
				.containsKey("PROCESSING").hasEntrySatisfying("PUBLISHED", it -> assertThat(it).isGreaterThan(3)));

		// the waiting rows locked elsewhere (another dispatcher's claim): the next claims come back with nothing
		try (var other = dataSource.getConnection()) {
			other.setAutoCommit(false);
			try (var lock = other.prepareStatement(
					"SELECT id FROM event_publication WHERE status = 'PUBLISHED' FOR UPDATE")) {
				lock.executeQuery().close();
			}

			listener.openGate();
			await().atMost(Duration.ofSeconds(1)).untilAsserted(
					() -> assertThat(statusCounts(probes)).doesNotContainKey("PROCESSING"));

			// a claim that came back short is no empty backlog: more publications wait than max-waiting (3)
			assertThat(mvc.post().uri("/api/products").contentType(MediaType.APPLICATION_JSON).content("{}"))
					.hasStatus(HttpStatus.SERVICE_UNAVAILABLE);

			other.rollback();
		}

		await().atMost(PATIENCE).untilAsserted(
				() -> assertThat(probes).allSatisfy(it -> assertThat(archivedAttempts(it)).isOne()));
	}

	@Test
	void holdsWritesBeyondTheRequestsInFlightWhileServingReads() throws Exception {

		var first = CompletableFuture.supplyAsync(() -> mvc.post().uri("/api/slow").exchange().getResponse().getStatus());
		assertThat(slowRequest.entered.await(10, TimeUnit.SECONDS)).isTrue();

		// max-in-flight is 1: with the backlog empty, the next write is still held (max-wait) and then refused
		assertThat(mvc.post().uri("/api/products").contentType(MediaType.APPLICATION_JSON).content("{}"))
				.hasStatus(HttpStatus.SERVICE_UNAVAILABLE).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
				.hasHeader(HttpHeaders.RETRY_AFTER, "1");
		assertThat(mvc.get().uri("/api/products/NOSUCH")).hasStatus(HttpStatus.NOT_FOUND);

		// a write held for the place gets it when the request in flight ends, within max-wait, and reaches security
		var held = meters.counter("shop.events.ingest.held");
		var heldBefore = held.count();
		var waiting = CompletableFuture.supplyAsync(() -> mvc.post().uri("/api/products")
				.contentType(MediaType.APPLICATION_JSON).content("{}").exchange().getResponse().getStatus());
		var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (held.count() == heldBefore && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		slowRequest.release.countDown();

		assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(HttpStatus.NO_CONTENT.value());
		assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(HttpStatus.UNAUTHORIZED.value());
		// the place is free again: the write reaches security at once
		assertThat(mvc.post().uri("/api/products").contentType(MediaType.APPLICATION_JSON).content("{}"))
				.hasStatus(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void vacuumsThePublicationTableAfterEveryFewClaims() {

		var before = vacuums();

		// vacuum-after is 20: at least one vacuum starts within 30 claims
		var probes = publishAll(30, false);

		await().atMost(PATIENCE).untilAsserted(
				() -> assertThat(probes).allSatisfy(it -> assertThat(archivedAttempts(it)).isOne()));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(vacuums()).isGreaterThan(before));
	}

	/** Manual vacuums of the table (autovacuum counts separately), as PostgreSQL's statistics have them. */
	private long vacuums() {
		return transactions.execute(status -> jdbc.sql("SELECT vacuum_count FROM pg_stat_user_tables "
				+ "WHERE relname = 'event_publication' AND schemaname = current_schema()").query(Long.class).single());
	}

	@Test
	void turnsAnUnreadablePublicationIntoADeadLetterWhileTheOthersFlow() {

		var listenerId = listenerId();
		var renamed = plant(listenerId, "com.modularshop.NoLongerThere", "{\"eventId\":\"%s\"}", "PUBLISHED", "1 hour");
		var changed = plant(listenerId, Probe.class.getName(),
				"{\"eventId\":\"%s\",\"failuresBeforeSuccess\":\"many\",\"block\":false}", "PUBLISHED", "1 hour");

		var fine = publish(new Probe(UUID.randomUUID(), 0, false));

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(archivedAttempts(fine)).isOne();
			assertThat(deadLetterReasonOf(renamed)).isEqualTo("UNREADABLE");
			assertThat(deadLetterReasonOf(changed)).isEqualTo("UNREADABLE");
		});
		assertThat(meters.counter("shop.events.dead.letters", "event", "NoLongerThere").count()).isOne();
	}

	@Test
	void measuresStalenessFromTheStartOfTheLastAttempt() {

		// published long ago, but its attempt only just started: not stale
		var running = plantAttempt(Instant.now());
		// an attempt that started long ago and never finished: lost
		var lost = plantAttempt(Instant.now().minus(Duration.ofHours(1)));

		supervisor.supervise();

		assertThat(statusOf(running)).isEqualTo("PROCESSING");
		assertThat(statusOf(lost)).isEqualTo("FAILED");

		jdbc.sql("DELETE FROM event_publication WHERE id IN (:ids)").param("ids", List.of(running, lost)).update();
	}

	@Test
	void letsOnlyTheLatestAttemptCompleteAPublication() {

		listener.closeGate();
		var probe = publish(new Probe(UUID.randomUUID(), 0, true));
		await().atMost(Duration.ofSeconds(5)).until(() -> listener.calls(probe.eventId()) == 1);

		// the running attempt looks lost to the supervisor, which hands the publication to a new attempt
		jdbc.sql("UPDATE event_publication SET last_resubmission_date = now() - interval '1 hour' WHERE "
				+ "serialized_event LIKE :id").param("id", "%" + probe.eventId() + "%").update();
		supervisor.supervise();

		var superseded = meters.counter("shop.events.listener.invocations", "event", "Probe", "listener",
				"ProbeListener.on", "outcome", "superseded");
		var before = superseded.count();
		listener.openGate();

		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(archivedAttempts(probe)).isEqualTo(2));
		await().atMost(Duration.ofSeconds(5)).until(() -> superseded.count() == before + 1);
		assertThat(jdbc.sql("SELECT count(*) FROM event_publication_archive WHERE serialized_event LIKE :id")
				.param("id", "%" + probe.eventId() + "%").query(Long.class).single()).isOne();
	}

	@Test
	void leavesAPlainTransactionalListenerToSpringModulithWhichCompletesItsPublication() {

		var handed = new Handed(UUID.randomUUID());
		transactions.executeWithoutResult(status -> events.publishEvent(handed));

		// after the commit, on the publishing thread, and Spring Modulith completes the publication, archiving it
		assertThat(plainListener.received(handed.eventId())).isTrue();
		assertThat(incomplete(handed.eventId())).isZero();
		assertThat(jdbc.sql("SELECT completion_date FROM event_publication_archive WHERE serialized_event LIKE :event")
				.param("event", "%" + handed.eventId() + "%").query(Instant.class).single()).isNotNull();
	}

	@Test
	void keepsNoDeliveredPublicationInSpringModulithsInProgressBookkeeping() {

		var probes = transactions.execute(status -> IntStream.range(0, 20)
				.mapToObj(i -> new Probe(UUID.randomUUID(), 0, false)).peek(events::publishEvent).toList());

		await().atMost(Duration.ofSeconds(20)).untilAsserted(
				() -> assertThat(probes).allSatisfy(it -> assertThat(archivedAttempts(it)).isOne()));

		Object target = AopTestUtils.getUltimateTargetObject(registry);
		Iterable<?> inProgress = ReflectionTestUtils.invokeMethod(target,
				"getPublicationsInProgress");
		assertThat(inProgress).isEmpty();
	}

	@Test
	void letsOnlyOneInstanceSuperviseAtATime() throws Exception {

		// another instance, as far as PostgreSQL can tell: a different session holding the lock
		try (var otherInstance = dataSource.getConnection(); var statement = otherInstance.createStatement()) {

			statement.execute("SELECT pg_advisory_lock(" + PublicationSupervisor.LOCK_KEY + ")");
			assertThat(supervisor.supervise()).isFalse();

			statement.execute("SELECT pg_advisory_unlock(" + PublicationSupervisor.LOCK_KEY + ")");
			assertThat(supervisor.supervise()).isTrue();
		}
	}

	String listenerId() {
		return ProbeListener.class.getName() + ".on(" + Probe.class.getName() + ")";
	}

	/** A row as another process, or an older version of this one, left it. */
	UUID plant(String listenerId, String type, String json, String status, String age) {

		var id = UUID.randomUUID();
		jdbc.sql("""
				INSERT INTO event_publication (id, listener_id, event_type, serialized_event, publication_date, status,
				  completion_attempts)
				VALUES (:id, :listener, :type, :event, now() - CAST(:age AS interval), :status, 1)""")
				.param("id", id).param("listener", listenerId).param("type", type)
				.param("event", json.formatted(UUID.randomUUID())).param("status", status).param("age", age).update();

		return id;
	}

	UUID plantAttempt(Instant started) {

		var id = plant("com.example.Elsewhere.on(com.example.Thing)", "com.example.Thing", "{\"eventId\":\"%s\"}",
				"PROCESSING", "2 hours");
		jdbc.sql("UPDATE event_publication SET last_resubmission_date = :started WHERE id = :id")
				.param("started", java.sql.Timestamp.from(started)).param("id", id).update();

		return id;
	}

	String statusOf(UUID publication) {
		return jdbc.sql("SELECT status FROM event_publication WHERE id = :id").param("id", publication)
				.query(String.class).single();
	}

	String deadLetterReasonOf(UUID publication) {
		return jdbc.sql("SELECT reason FROM event_publication_dead_letter WHERE id = :id").param("id", publication)
				.query(String.class).optional().orElse(null);
	}

	Map<String, Long> statusCounts(List<Probe> probes) {
		return jdbc.sql("SELECT status, count(*) FROM event_publication WHERE serialized_event LIKE ANY (:ids) GROUP BY "
				+ "status").param("ids", probes.stream().map(it -> "%" + it.eventId() + "%").toArray(String[]::new))
				.query((rs, row) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
				.collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	/** Publishes that many probes, which succeed at once or block until the gate opens, in one transaction. */
	List<Probe> publishAll(int count, boolean block) {
		return transactions.execute(status -> IntStream.range(0, count)
				.mapToObj(i -> new Probe(UUID.randomUUID(), 0, block))
				.peek(events::publishEvent)
				.toList());
	}

	Probe publish(Probe probe) {
		transactions.executeWithoutResult(status -> events.publishEvent(probe));
		return probe;
	}

	int incomplete(Probe probe) {
		return incomplete(probe.eventId());
	}

	int incomplete(UUID eventId) {
		return jdbc.sql("SELECT count(*) FROM event_publication WHERE serialized_event LIKE :id")
				.param("id", "%" + eventId + "%").query(Integer.class).single();
	}

	int archivedAttempts(Probe probe) {
		return jdbc.sql("SELECT coalesce(max(completion_attempts), 0) FROM event_publication_archive "
				+ "WHERE serialized_event LIKE :id").param("id", "%" + probe.eventId() + "%").query(Integer.class).single();
	}

	String deadLetterReason(Probe probe) {
		return jdbc.sql("SELECT reason FROM event_publication_dead_letter WHERE serialized_event LIKE :id")
				.param("id", "%" + probe.eventId() + "%").query(String.class).optional().orElse(null);
	}
}
