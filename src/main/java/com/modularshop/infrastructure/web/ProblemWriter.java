package com.modularshop.infrastructure.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a problem document from a servlet filter, where no controller advice can answer: the request is refused
 * before Spring MVC (and its parameter or body parsing) sees it.
 */
final class ProblemWriter {

	private final JsonMapper json;

	ProblemWriter(JsonMapper json) {
		this.json = json;
	}

	void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String type,
			String detail) throws IOException {

		var problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(OpenApiAutoConfiguration.PROBLEMS + type));
		problem.setInstance(URI.create(request.getRequestURI().replace("%", "%25").replace("\0", "")));

		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		json.writeValue(response.getOutputStream(), problem);
	}
}
