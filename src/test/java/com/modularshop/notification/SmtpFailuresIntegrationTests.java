package com.modularshop.notification;

import static org.assertj.core.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.test.util.TestSocketUtils;

/**
 * Which failures of a real SMTP exchange count as the server being unreachable (no attempt used up) and which as a
 * failure of the email itself: a refused connection, a server that accepts and never answers, and one that answers
 * and rejects the message.
 */
class SmtpFailuresIntegrationTests {

	@Test
	void aRefusedConnectionIsTheServersFailure() {

		var failure = sendTo(TestSocketUtils.findAvailableTcpPort());

		assertThat(EmailDelivery.isConnectionFailure(failure)).isTrue();
	}

	@Test
	void aServerThatNeverAnswersIsTheServersFailure() throws Exception {

		try (var silent = new ServerSocket(0)) {
			start(() -> serve(silent, socket -> {}));
			var failure = sendTo(silent.getLocalPort());

			assertThat(EmailDelivery.isConnectionFailure(failure)).isTrue();
		}
	}

	@Test
	void aRejectedMessageIsTheEmailsFailure() throws Exception {

		try (var rejecting = new ServerSocket(0)) {
			start(() -> serve(rejecting, SmtpFailuresIntegrationTests::rejectSender));
			var failure = sendTo(rejecting.getLocalPort());

			assertThat(failure.getMessage()).contains("550");
			assertThat(EmailDelivery.isConnectionFailure(failure)).isFalse();
		}
	}

	private static MailException sendTo(int port) {

		var sender = new JavaMailSenderImpl();
		sender.setHost("127.0.0.1");
		sender.setPort(port);
		var properties = new Properties();
		properties.put("mail.smtp.connectiontimeout", "500");
		properties.put("mail.smtp.timeout", "500");
		sender.setJavaMailProperties(properties);

		var message = new SimpleMailMessage();
		message.setFrom("shop@shop.test");
		message.setTo("someone@shop.test");
		message.setText("hello");

		return catchThrowableOfType(MailException.class, () -> sender.send(message));
	}

	/** Answers SMTP up to the sender, then refuses it for good (550). */
	private static void rejectSender(Socket socket) {

		try {
			var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
			var out = new PrintWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII), true);
			out.print("220 test\r\n");
			out.flush();
			for (String line; (line = in.readLine()) != null;) {
				var command = line.toUpperCase();
				out.print(command.startsWith("MAIL") ? "550 sender refused\r\n"
						: command.startsWith("QUIT") ? "221 bye\r\n" : "250 ok\r\n");
				out.flush();
				if (command.startsWith("QUIT")) {
					return;
				}
			}
		} catch (java.io.IOException closed) {
			// the client gave up
		}
	}

	private static void start(Runnable server) {

		var thread = new Thread(server, "smtp-test-server");
		thread.setDaemon(true);
		thread.start();
	}

	private static void serve(ServerSocket server, Consumer<Socket> conversation) {

		try (var socket = server.accept()) {
			conversation.accept(socket);
			Thread.sleep(5_000); // hold the connection open without a word
		} catch (Exception closedOrInterrupted) {
			// the test is over
		}
	}
}
