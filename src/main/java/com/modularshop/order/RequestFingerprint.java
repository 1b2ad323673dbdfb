package com.modularshop.order;

import java.util.List;
import java.util.stream.Collectors;

import org.jmolecules.ddd.types.ValueObject;

import com.modularshop.order.OrderManagement.Requested;

/**
 * What an order request asked for, so that a retry under the same idempotency key can be told apart from a different
 * request reusing the key. Length-prefixed, so that no two different requests share a fingerprint whatever their SKUs
 * contain; sorted, so that the same lines in another order are the same request.
 */
record RequestFingerprint(String fingerprint) implements ValueObject {

	static RequestFingerprint of(List<Requested> requested) {
		return new RequestFingerprint(requested.stream()
				.map(it -> it.sku().length() + ":" + it.sku() + "x" + it.quantity())
				.sorted().collect(Collectors.joining(";")));
	}
}
