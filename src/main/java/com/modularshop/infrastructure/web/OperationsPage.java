package com.modularshop.infrastructure.web;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The operations page at {@code /ops}: a static page in the jar ({@code static/ops/}, no front-end build) that signs
 * in with the token API and shows, through the ADMIN API, the modules and their message flows (the generated
 * component diagram, packaged from {@code docs/modules}), the registry's state with its dead letters, and recent
 * orders. Only its shell is public; everything it shows needs an ADMIN token.
 */
@Controller
@Hidden
class OperationsPage {

	@GetMapping("/ops")
	String page() {
		return "forward:/ops/index.html";
	}
}
