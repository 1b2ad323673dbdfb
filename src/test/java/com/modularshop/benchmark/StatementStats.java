package com.modularshop.benchmark;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where PostgreSQL's time goes, statement by statement, which its process's CPU total does not say: the
 * {@code pg_stat_statements} extension, planning included, per order, over the closed loop and over the overload.
 * Only with {@code -Dbench.statements=true} (and in the smoke), because the extension must be loaded at the server's
 * start and its counting costs a little itself; on a given database ({@code bench.datasource.url}) it must be loaded
 * there, or the report goes without.
 */
final class StatementStats {

	/** One statement's share of an order; times are averages per execution and per planning. */
	record Statement(String query, double callsPerOrder, double plansPerOrder, double executeMicros,
			double planMicros) {

		double microsPerOrder() {
			return callsPerOrder * executeMicros + plansPerOrder * planMicros;
		}
	}

	static EmbeddedPostgres.Builder preload(boolean statements, EmbeddedPostgres.Builder builder) {
		return statements ? builder.setServerConfig("shared_preload_libraries", "pg_stat_statements")
				.setServerConfig("pg_stat_statements.track_planning", "on") : builder;
	}

	/** Starts counting anew; false if the extension is not there. */
	static boolean reset(Connection db) {

		try (var statement = db.createStatement()) {
			statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
			statement.execute("SELECT pg_stat_statements_reset()");
			return true;
		} catch (SQLException e) {
			Benchmark.log("no statement statistics: %s", e.getMessage());
			return false;
		}
	}

	/** The statements of the application's database that took the most time, per order. */
	static List<Statement> top(Connection db, long orders, int limit) throws SQLException {

		var top = new ArrayList<Statement>();
		try (var statement = db.prepareStatement("""
				SELECT regexp_replace(query, '\\s+', ' ', 'g'), calls, plans, total_exec_time, total_plan_time
				FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
				ORDER BY total_exec_time + total_plan_time DESC LIMIT ?""")) {
			statement.setInt(1, limit);
			try (var rows = statement.executeQuery()) {
				while (rows.next()) {
					var calls = rows.getLong(2);
					var plans = rows.getLong(3);
					top.add(new Statement(rows.getString(1), (double) calls / orders, (double) plans / orders,
							rows.getDouble(4) * 1000 / Math.max(1, calls), rows.getDouble(5) * 1000 / Math.max(1, plans)));
				}
			}
		}
		return top;
	}

	private StatementStats() {}
}
