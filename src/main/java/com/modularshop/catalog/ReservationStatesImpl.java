package com.modularshop.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.modularshop.catalog.Reservation.HeldLine;
import com.modularshop.catalog.Reservation.Outcome;
import com.modularshop.catalog.Reservation.ReservationId;

/** The fragment behind {@link ReservationStates}: one statement per table, no aggregate machinery. */
class ReservationStatesImpl implements ReservationStates {

	private final JdbcClient jdbc;
	private final ApplicationEventPublisher events;

	ReservationStatesImpl(JdbcClient jdbc, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.events = events;
	}

	@Override
	public void lockOrder(UUID orderId) {

		// selects the lock's result rather than FROM a table, which the schema boundary rule would read as foreign
		jdbc.sql("SELECT CAST(pg_advisory_xact_lock(hashtextextended(CAST(:orderId AS text), 0)) AS text)")
				.param("orderId", orderId)
				.query(String.class)
				.single();
	}

	@Override
	public Optional<Reservation> findLockedById(UUID orderId) {

		return jdbc.sql("""
				SELECT outcome, failure_reason, released, version FROM catalog.reservations
				WHERE id = :id FOR UPDATE""")
				.param("id", orderId)
				.query((row, number) -> new State(row.getString("outcome"), row.getString("failure_reason"),
						row.getBoolean("released"), row.getLong("version")))
				.optional()
				.map(state -> {
					var outcome = state.outcome() == null ? null : Outcome.valueOf(state.outcome());
					// lines are only written with a RESERVED answer: other reservations need not look for them
					var lines = outcome == Outcome.RESERVED ? linesOf(orderId) : List.<HeldLine> of();
					return new Reservation(new ReservationId(orderId), outcome, state.failureReason(),
							state.released(), lines, state.version());
				});
	}

	@Override
	public Reservation saveState(Reservation reservation) {

		var id = reservation.getId().orderId();
		var answer = reservation.outcome();
		var outcome = answer == null ? null : answer.name();

		if (reservation.isNew()) {
			jdbc.sql("""
					INSERT INTO catalog.reservations (id, outcome, failure_reason, released, version)
					VALUES (:id, :outcome, :reason, :released, 0)""")
					.param("id", id).param("outcome", outcome).param("reason", reservation.failureReason())
					.param("released", reservation.isReleased())
					.update();
			insertLines(id, reservation.lines());
		} else {
			var updated = jdbc.sql("""
					UPDATE catalog.reservations SET outcome = :outcome, failure_reason = :reason, released = :released,
					  version = version + 1
					WHERE id = :id AND version = :version""")
					.param("outcome", outcome).param("reason", reservation.failureReason())
					.param("released", reservation.isReleased()).param("id", id)
					.param("version", reservation.version())
					.update();

			if (updated != 1) {
				throw new OptimisticLockingFailureException("Reservation %s changed since it was read (version %s)"
						.formatted(id, reservation.version()));
			}
		}

		reservation.saved().forEach(events::publishEvent);

		return reservation;
	}

	/** All lines in one statement, one row per line. */
	private void insertLines(UUID orderId, List<HeldLine> lines) {

		if (lines.isEmpty()) {
			return;
		}

		var sql = new StringBuilder("INSERT INTO catalog.reservation_lines (order_id, line_index, sku, quantity) VALUES ");
		var parameters = new ArrayList<Object>(lines.size() * 4);

		for (var i = 0; i < lines.size(); i++) {
			sql.append(i == 0 ? "(?, ?, ?, ?)" : ", (?, ?, ?, ?)");
			parameters.addAll(List.of(orderId, i, lines.get(i).sku(), lines.get(i).quantity()));
		}

		jdbc.sql(sql.toString()).params(parameters).update();
	}

	private List<HeldLine> linesOf(UUID orderId) {

		return jdbc.sql("SELECT sku, quantity FROM catalog.reservation_lines WHERE order_id = :id ORDER BY line_index")
				.param("id", orderId)
				.query((row, number) -> new HeldLine(row.getString("sku"), row.getInt("quantity")))
				.list();
	}

	private record State(@Nullable String outcome, @Nullable String failureReason, boolean released, long version) {}
}
