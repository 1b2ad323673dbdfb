package com.modularshop.testsupport;

import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.TreeSet;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The Kafka clients alive in this JVM: every producer, consumer and admin client registers an {@code app-info} MBean
 * when it is created and removes it when closed.
 */
public final class KafkaClients {

	private KafkaClients() {}

	public static Set<String> alive() {

		var names = new TreeSet<String>();
		var server = ManagementFactory.getPlatformMBeanServer();

		try {
			for (var domain : new String[] { "kafka.producer", "kafka.consumer", "kafka.admin.client" }) {
				server.queryNames(new ObjectName(domain + ":type=app-info,*"), null)
						.forEach(it -> names.add(it.getCanonicalName()));
			}
		} catch (MalformedObjectNameException e) {
			throw new IllegalStateException(e);
		}

		return names;
	}
}
