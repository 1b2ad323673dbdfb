package com.modularshop.infrastructure.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers a request body larger than {@code shop.web.max-request-body} with 413 before anything parses it. A declared
 * {@code Content-Length} is checked up front; a body of unknown length (chunked) is read into memory up to one byte
 * past the limit, so no request holds more than the limit however it is sent.
 */
class BodySizeLimitFilter extends OncePerRequestFilter {

	private final ProblemWriter problems;
	private final long limit;

	BodySizeLimitFilter(ProblemWriter problems, WebSettings settings) {
		this.problems = problems;
		this.limit = settings.maxRequestBody().toBytes();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {

		var declared = request.getContentLengthLong();

		if (declared > limit) {
			tooLarge(request, response);
			return;
		}

		if (declared < 0 && request.getHeader("Transfer-Encoding") != null) {

			var body = request.getInputStream().readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE));

			if (body.length > limit) {
				tooLarge(request, response);
				return;
			}

			chain.doFilter(new BufferedBody(request, body), response);
			return;
		}

		chain.doFilter(request, response);
	}

	private void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {

		// the client may still be sending: do not keep the connection to read the rest
		response.setHeader("Connection", "close");
		problems.write(request, response, HttpStatus.PAYLOAD_TOO_LARGE, "request-too-large",
				"A request body may have at most %d bytes.".formatted(limit));
	}

	private static final class BufferedBody extends HttpServletRequestWrapper {

		private final byte[] body;

		BufferedBody(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {

			var in = new ByteArrayInputStream(body);

			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("The body is already buffered");
				}
			};
		}

		@Override
		public BufferedReader getReader() {

			var encoding = getCharacterEncoding();
			Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);

			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}

		@Override
		public int getContentLength() {
			return body.length;
		}

		@Override
		public long getContentLengthLong() {
			return body.length;
		}
	}
}
