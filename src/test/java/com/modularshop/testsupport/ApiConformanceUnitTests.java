package com.modularshop.testsupport;

import static org.assertj.core.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The response check fails on what it is meant to catch, and names the operation.
 */
class ApiConformanceUnitTests {

	static final String DESCRIPTION = """
			{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
			 "paths": {"/api/things/{id}": {"get": {"operationId": "findThing",
			   "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
			   "responses": {
			     "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object",
			       "required": ["name"], "properties": {"name": {"type": "string"}}}}}},
			     "404": {"description": "none", "content": {"application/problem+json": {"schema": {"type": "object",
			       "required": ["status"], "properties": {"status": {"type": "integer"}}}}}}}}}}}
			""";

	ApiConformance.Check check = new ApiConformance.Check(() -> DESCRIPTION);

	@Test
	void acceptsADocumentedAnswer() {

		assertThatNoException().isThrownBy(() -> check.check(get("/api/things/1"),
				response(200, "application/json", "{\"name\": \"pen\"}")));
		assertThatNoException().isThrownBy(() -> check.check(get("/api/things/2"),
				response(404, "application/problem+json", "{\"status\": 404}")));
	}

	@Test
	void rejectsAnUndocumentedStatus() {

		assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> check.check(get("/api/things/1"), response(409, "application/problem+json", "{}")))
				.withMessageContaining("GET /api/things/1 answered 409").withMessageContaining("findThing");
	}

	@Test
	void rejectsABodyOffTheSchema() {

		assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> check.check(get("/api/things/1"), response(200, "application/json", "{\"name\": 5}")))
				.withMessageContaining("findThing");
	}

	@Test
	void rejectsAnUndocumentedContentType() {

		assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> check.check(get("/api/things/1"), response(404, "application/json", "{\"status\": 404}")))
				.withMessageContaining("findThing");
	}

	@Test
	void leavesPathsOutsideTheApiAlone() {

		assertThatNoException().isThrownBy(() -> check.check(get("/actuator/health"),
				response(503, "application/json", "{}")));
	}

	private static MockHttpServletRequest get(String uri) {
		return new MockHttpServletRequest("GET", uri);
	}

	private static MockHttpServletResponse response(int status, String contentType, String body) throws Exception {

		var response = new MockHttpServletResponse();
		response.setStatus(status);
		response.setContentType(contentType);
		response.getWriter().write(body);

		return response;
	}
}
