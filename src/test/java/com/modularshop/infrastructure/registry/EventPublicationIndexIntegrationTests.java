package com.modularshop.infrastructure.registry;

import static org.assertj.core.api.Assertions.*;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.support.CompletionMode;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The registry's status queries stay index lookups when the table is large: half a million completed publications
 * (what update completion mode or a backlog leaves behind) and a few incomplete ones; and the claim, the statement
 * the dispatcher runs most, is not planned again at every execution. Rolled back afterwards.
 */
@SpringBootTest
class EventPublicationIndexIntegrationTests {

	private static final Logger LOG = LoggerFactory.getLogger(EventPublicationIndexIntegrationTests.class);

	@Autowired JdbcClient jdbc;
	@Autowired TransactionTemplate transactions;

	@Test
	void findsIncompleteAndFailedPublicationsThroughThePartialStatusIndex() {

		transactions.executeWithoutResult(status -> {

			jdbc.sql("""
					INSERT INTO event_publication (id, listener_id, event_type, serialized_event, publication_date,
					  completion_date, status, completion_attempts)
					SELECT gen_random_uuid(), 'com.example.Listener.on(x)', 'com.example.Message', '{"n":' || n || '}',
					  now() - make_interval(secs => n), CASE WHEN n % 5000 = 0 THEN NULL ELSE now() END,
					  CASE WHEN n % 5000 = 0 THEN 'FAILED' ELSE 'COMPLETED' END, 1
					FROM generate_series(1, 500000) n
					""").update();
			jdbc.sql("ANALYZE event_publication").update();

			var failed = plan("SELECT id FROM event_publication WHERE status = 'FAILED' ORDER BY publication_date LIMIT 200");
			var incomplete = plan("SELECT count(*) FROM event_publication WHERE status <> 'COMPLETED'");

			assertThat(failed).contains("event_publication_incomplete_by_status_idx").doesNotContain("Seq Scan");
			assertThat(incomplete).contains("event_publication_incomplete_by_status_idx").doesNotContain("Seq Scan");

			// for comparison in the log: the same query without the index is a scan of the whole table
			jdbc.sql("DROP INDEX event_publication_incomplete_by_status_idx").update();
			assertThat(plan("SELECT count(*) FROM event_publication WHERE status <> 'COMPLETED'")).contains("Seq Scan");

			status.setRollbackOnly();
		});
	}

	@Test
	void keepsAPlanForTheClaimInsteadOfPlanningItAtEveryExecution() {

		var tables = new RegistryTables(jdbc, CompletionMode.ARCHIVE);
		var listeners = IntStream.rangeClosed(1, 8).mapToObj(n -> "com.example.Listener" + n + ".on(com.example.Message)")
				.toList();

		transactions.executeWithoutResult(status -> {

			// a backlog of 400 publications for eight listeners, spread over a table that holds completed ones too (as
			// in the update completion mode, or a table that churned), in an order unrelated to their dates
			jdbc.sql("""
					INSERT INTO event_publication (id, listener_id, event_type, serialized_event, publication_date,
					  completion_date, status, completion_attempts)
					SELECT gen_random_uuid(), (:listeners)[(n / 50) % 8 + 1], 'com.example.Message', '{"n":' || n || '}',
					  now() - make_interval(secs => (n * 7919) % 1000), CASE WHEN n % 50 = 0 THEN NULL ELSE now() END,
					  CASE WHEN n % 50 = 0 THEN 'PUBLISHED' ELSE 'COMPLETED' END, 0
					FROM generate_series(1, 20000) n
					""").param("listeners", listeners.toArray(String[]::new)).update();
			jdbc.sql("ANALYZE event_publication").update();

			// all on the transaction's connection, which the dispatcher may have used before: only the plans made
			// meanwhile count. The driver prepares the statement on the server from its fifth use, and PostgreSQL plans
			// the first five executions for their parameters before it may keep a generic plan.
			var before = claimPlans();
			var claims = 20;
			for (var i = 0; i < claims; i++) {
				assertThat(tables.claim(listeners, 12, Instant.now().truncatedTo(ChronoUnit.MICROS), null)).hasSize(12);
			}
			var after = claimPlans();
			LOG.info("Claims on one connection: {}, plans of the prepared claims before / after: {} / {}", claims,
					before, after);

			assertThat(after.custom() - before.custom()).as("executions planned for their parameters")
					.isLessThanOrEqualTo(5);
			assertThat(after.generic() - before.generic()).as("executions on the kept plan").isGreaterThanOrEqualTo(10);

			status.setRollbackOnly();
		});
	}

	private Plans claimPlans() {
		return jdbc.sql("""
				SELECT COALESCE(sum(generic_plans), 0) AS generic, COALESCE(sum(custom_plans), 0) AS custom
				FROM pg_prepared_statements WHERE statement LIKE '%WITH due AS MATERIALIZED%'""")
				.query(Plans.class).single();
	}

	record Plans(long generic, long custom) {}

	private String plan(String query) {

		var plan = String.join("\n", jdbc.sql("EXPLAIN (ANALYZE, BUFFERS) " + query).query(String.class).list());
		LOG.info("Plan at 500k publications for {}:\n{}", query, plan);

		return plan;
	}
}
