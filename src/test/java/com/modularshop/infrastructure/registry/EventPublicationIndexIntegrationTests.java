package com.modularshop.infrastructure.registry;

import static org.assertj.core.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The registry's status queries stay index lookups when the table is large: half a million completed publications
 * (what update completion mode or a backlog leaves behind) and a few incomplete ones. Rolled back afterwards.
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

	private String plan(String query) {

		var plan = String.join("\n", jdbc.sql("EXPLAIN (ANALYZE, BUFFERS) " + query).query(String.class).list());
		LOG.info("Plan at 500k publications for {}:\n{}", query, plan);

		return plan;
	}
}
