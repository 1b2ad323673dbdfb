package com.modularshop.user;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

import org.jmolecules.ddd.types.ValueObject;

/**
 * Where a request comes from, as rate limits count it: an IPv4 address, or the /64 network of an IPv6 address (one
 * subscriber usually gets a whole /64, so counting single IPv6 addresses would count nothing). It is the servlet's
 * remote address: behind a proxy, configure {@code server.forward-headers-strategy} so that it is the client's.
 */
record ClientAddress(String value) implements ValueObject {

	static ClientAddress of(String remoteAddress) {

		if (remoteAddress == null || !remoteAddress.contains(":")) {
			return new ClientAddress(String.valueOf(remoteAddress));
		}

		try {
			// an IPv6 literal: resolved without any name lookup
			if (InetAddress.getByName(remoteAddress) instanceof Inet6Address address) {
				var network = Arrays.copyOf(address.getAddress(), 16);
				Arrays.fill(network, 8, 16, (byte) 0);
				return new ClientAddress(InetAddress.getByAddress(network).getHostAddress() + "/64");
			}
		} catch (UnknownHostException notAnAddressLiteral) {
			// fall through: counted as given
		}

		return new ClientAddress(remoteAddress);
	}
}
