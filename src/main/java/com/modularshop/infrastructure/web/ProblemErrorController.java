package com.modularshop.infrastructure.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Whatever the servlet container sends to its error page ({@code sendError}: a request Spring Security's firewall
 * refuses, such as an encoded {@code %} or {@code /} in the path, or an error outside any controller) is a problem
 * document, like every other error, instead of Spring Boot's own JSON or HTML error page. No detail of the failure is
 * given away.
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

	@RequestMapping("${server.error.path:/error}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {

		var code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		// asked for directly rather than as the container's error page: there is nothing here
		var status = !(code instanceof Integer value) ? HttpStatus.NOT_FOUND
				: HttpStatus.resolve(value) != null ? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
		var problem = ProblemDetail.forStatus(status);
		problem.setDetail(status.is4xxClientError() ? "The request was refused: " + status.getReasonPhrase() + "."
				: "The request could not be processed.");

		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}
}
