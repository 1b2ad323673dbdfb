/**
 * Messages to and from Kafka when externalization is on: headers and topics of what this process sends, and the
 * inbound adapter that hands what local modules need from remote ones to the local registry.
 */
@NullMarked
package com.modularshop.infrastructure.messaging;

import org.jspecify.annotations.NullMarked;
