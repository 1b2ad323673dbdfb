package com.modularshop.documentation;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import net.sourceforge.plantuml.FileFormat;
import net.sourceforge.plantuml.FileFormatOption;
import net.sourceforge.plantuml.SourceStringReader;

/**
 * A PlantUML sequence diagram of one recorded trace: who called whom (the client, then module to module through the
 * event publication registry), with each hop's start relative to the request and its duration. The request's module
 * is read from its path; a listener span's module and message from its name ({@code "catalog: ReserveStock"}).
 */
public final class TraceDiagram {

	public static final Path COMMITTED = Path.of("docs/tracing");
	public static final Path GENERATED = Path.of("target/generated-docs/tracing");
	public static final String REGENERATE_COMMAND = "./mvnw -B test -Pdocs";

	/** Timings differ from run to run; the hops do not. */
	static final Pattern TIMINGS = Pattern.compile("\\[[^\\]]* ms\\]");

	private static final Map<String, String> MODULE_OF_PATH = Map.of("/api/orders", "order", "/api/products",
			"catalog", "/api/users", "user", "/api/auth", "user", "/api/notifications", "notification");
	private static final AttributeKey<String> METHOD = AttributeKey.stringKey("method");
	private static final AttributeKey<String> URI = AttributeKey.stringKey("uri");

	private TraceDiagram() {}

	/** The diagram's source for the spans of one trace, in the order they started. */
	public static String of(List<SpanData> trace, String title) {

		var byId = trace.stream().collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));
		var start = trace.get(0).getStartEpochNanos();
		var participants = new LinkedHashSet<String>();
		var arrows = new StringBuilder();

		participants.add("client");

		for (var span : trace) {

			var parent = byId.get(span.getParentSpanId());
			var from = parent == null ? "client" : module(parent);
			var to = module(span);
			participants.add(to);

			var arrow = span.getKind() == SpanKind.SERVER ? "->" : "->>";
			arrows.append("%s %s %s : %s [+%.1f ms, %.1f ms]%n".formatted(from, arrow, to, label(span),
					(span.getStartEpochNanos() - start) / 1e6, (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e6));
		}

		var diagram = new StringBuilder("@startuml\n");
		diagram.append("title ").append(title).append('\n');
		diagram.append("skinparam responseMessageBelowArrow true\n");
		participants.forEach(it -> diagram.append("client".equals(it) ? "actor Client as client\n"
				: "participant \"%s\" as %s\n".formatted(it, it)));
		diagram.append(arrows);
		diagram.append("""
				legend bottom
				  -> HTTP request;  ->> message delivered by the event publication registry to a module listener
				  [+start, duration]: when the span started after the request began, and how long it took
				  (the listener and the transaction that completes its publication)
				endlegend
				@enduml
				""");

		return diagram.toString();
	}

	/** Writes the source and its SVG rendering into the folder. */
	public static void write(String source, Path folder) {

		try {
			Files.createDirectories(folder);
			Files.writeString(folder.resolve("order-trace.puml"), source);

			var svg = new ByteArrayOutputStream();
			new SourceStringReader(source).outputImage(svg, new FileFormatOption(FileFormat.SVG));
			Files.writeString(folder.resolve("order-trace.svg"), svg.toString());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The diagram without its timings: what must stay the same from run to run. */
	public static String hops(String source) {
		return TIMINGS.matcher(source).replaceAll("[…]");
	}

	public static String read(Path folder) {
		try {
			return Files.readString(folder.resolve("order-trace.puml"));
		} catch (IOException e) {
			return "";
		}
	}

	private static String module(SpanData span) {

		if (span.getKind() == SpanKind.SERVER) {
			var uri = String.valueOf(span.getAttributes().get(URI));
			return MODULE_OF_PATH.entrySet().stream().filter(it -> uri.startsWith(it.getKey())).map(Map.Entry::getValue)
					.findFirst().orElse("shop");
		}

		var name = span.getName();
		var colon = name.indexOf(':');

		return colon > 0 ? name.substring(0, colon) : "shop";
	}

	private static String label(SpanData span) {

		if (span.getKind() == SpanKind.SERVER) {
			return "%s %s".formatted(String.valueOf(span.getAttributes().get(METHOD)).toUpperCase(Locale.ROOT),
					span.getAttributes().get(URI));
		}

		var name = span.getName();
		var colon = name.indexOf(':');

		return colon > 0 ? name.substring(colon + 1).trim() : name;
	}
}
