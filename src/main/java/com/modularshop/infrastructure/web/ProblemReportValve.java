package com.modularshop.infrastructure.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's own error page, for requests it refuses before any application code runs (a NUL, an encoded slash or
 * invalid UTF-8 in the path), as a minimal problem document instead of an HTML page naming the server.
 */
public class ProblemReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {

		var code = response.getStatus();

		if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}

		var status = HttpStatus.resolve(code);
		var title = status == null ? "Error" : status.getReasonPhrase();
		var body = """
				{"type":"about:blank","title":"%s","status":%d,"detail":"The request was refused by the server."}"""
				.formatted(title, code);

		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
			response.finishResponse();
		} catch (IOException | IllegalStateException clientGone) {
			// nothing more to tell a client that is not listening
		}
	}
}
