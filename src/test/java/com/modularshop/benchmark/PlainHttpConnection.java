package com.modularshop.benchmark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * One HTTP/1.1 connection on a blocking socket, kept alive for as long as the server allows: a request costs a write
 * and a read or two. The load generator shares two cores with the application and PostgreSQL; at twice the peak rate
 * the JDK's HttpClient took 37–47% of a core, this 16–18% (docs/performance.md). Only what the benchmark sends and
 * reads: POST with a body, status, {@code Location}, a body of known length or chunked.
 */
final class PlainHttpConnection implements AutoCloseable {

	record Response(int status, @Nullable String location) {}

	/** Below the server's keep-alive timeout, so that a kept connection is not closed under a request. */
	private static final long MAX_IDLE_NANOS = 5_000_000_000L;

	private final String host;
	private final int port;
	private @Nullable Socket socket;
	private @Nullable InputStream in;
	private @Nullable OutputStream out;
	private long lastUsed;

	PlainHttpConnection(URI base) {
		this.host = base.getHost();
		this.port = base.getPort();
	}

	Response post(String path, String authorization, String json) throws IOException {

		if (socket == null || System.nanoTime() - lastUsed > MAX_IDLE_NANOS) {
			connect();
		}

		try {
			var body = json.getBytes(StandardCharsets.UTF_8);
			var head = "POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
					+ "\r\nContent-Type: application/json\r\nAuthorization: " + authorization + "\r\nContent-Length: "
					+ body.length + "\r\n\r\n";
			out.write(head.getBytes(StandardCharsets.ISO_8859_1));
			out.write(body);
			out.flush();

			var response = read();
			lastUsed = System.nanoTime();
			return response;
		} catch (IOException | RuntimeException e) {
			close();
			throw e;
		}
	}

	private Response read() throws IOException {

		var statusLine = line();
		// "HTTP/1.1 202 " (Tomcat sends no reason phrase)
		var status = Integer.parseInt(statusLine.substring(9, 12));
		String location = null;
		var length = -1L;
		var chunked = false;
		var keepAlive = true;

		for (var header = line(); !header.isEmpty(); header = line()) {
			var colon = header.indexOf(':');
			var name = header.substring(0, colon).toLowerCase(Locale.ROOT);
			var value = header.substring(colon + 1).strip();
			switch (name) {
				case "location" -> location = value;
				case "content-length" -> length = Long.parseLong(value);
				case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
				case "connection" -> keepAlive = !value.equalsIgnoreCase("close");
				default -> { }
			}
		}

		if (chunked) {
			for (var size = chunkSize(); size > 0; size = chunkSize()) {
				in.skipNBytes(size);
				line();
			}
			while (!line().isEmpty()) {
				// trailers
			}
		} else if (length > 0) {
			in.skipNBytes(length);
		}

		if (!keepAlive) {
			close();
		}

		return new Response(status, location);
	}

	private long chunkSize() throws IOException {
		var line = line();
		var extension = line.indexOf(';');
		return Long.parseLong(extension < 0 ? line : line.substring(0, extension), 16);
	}

	private String line() throws IOException {

		var line = new StringBuilder(64);
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b < 0) {
				throw new EOFException("connection closed by the server");
			}
			if (b != '\r') {
				line.append((char) b);
			}
		}

		return line.toString();
	}

	private void connect() throws IOException {

		close();
		var socket = new Socket();
		socket.setTcpNoDelay(true);
		socket.connect(new InetSocketAddress(host, port), 5_000);
		socket.setSoTimeout(30_000);
		this.socket = socket;
		this.in = new BufferedInputStream(socket.getInputStream(), 8_192);
		this.out = new BufferedOutputStream(socket.getOutputStream(), 2_048);
	}

	@Override
	public void close() {

		if (socket != null) {
			try {
				socket.close();
			} catch (IOException e) {
				// closing a connection the benchmark no longer uses
			}
		}
		socket = null;
		in = null;
		out = null;
	}
}
