package com.modularshop.testsupport;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import java.util.Comparator;
import java.util.List;

/**
 * Every span the application ends, kept in memory as it ends (no batching): a span processor bean, which Boot's
 * OpenTelemetry tracer provider picks up beside its exporting one. Not a {@code SpanExporter} bean on purpose: Boot
 * would feed that one through its batch processor as well.
 */
public class RecordedSpans implements SpanProcessor {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
	private final SpanProcessor processor = SimpleSpanProcessor.create(exporter);

	/** The ended spans of one trace, in the order they started. */
	public List<SpanData> inTrace(String traceId) {
		return exporter.getFinishedSpanItems().stream().filter(it -> it.getTraceId().equals(traceId))
				.sorted(Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
		processor.onStart(parentContext, span);
	}

	@Override
	public boolean isStartRequired() {
		return processor.isStartRequired();
	}

	@Override
	public void onEnd(ReadableSpan span) {
		processor.onEnd(span);
	}

	@Override
	public boolean isEndRequired() {
		return processor.isEndRequired();
	}

	@Override
	public CompletableResultCode shutdown() {
		return processor.shutdown();
	}
}
