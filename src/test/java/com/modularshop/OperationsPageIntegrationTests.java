package com.modularshop;

import static com.modularshop.testsupport.Fixtures.*;
import static org.assertj.core.api.Assertions.*;
import static org.awaitility.Awaitility.*;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.modularshop.testsupport.ForgedTokens;

/**
 * The operations page in a real headless browser (Debian's {@code chromium} driven through {@code chromedriver}) against
 * the application on a real port: an administrator signs in, sees a dead letter this test made of a real delivery
 * (with its last error), presses Resubmit and sees it delivered. Skipped, saying why, where no Chromium is installed;
 * {@code .ci/run} installs it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "shop.user.admin.email=operator@shop.test", "shop.user.admin.password=operations secret" })
class OperationsPageIntegrationTests {

	static final Path CHROMIUM = Path.of(System.getProperty("ops.chromium", "/usr/bin/chromium"));
	static final Path CHROMEDRIVER = Path.of(System.getProperty("ops.chromedriver", "/usr/bin/chromedriver"));
	static final String LAST_ERROR = "java.lang.IllegalStateException: SMTP server unreachable (planted by the test)";

	@LocalServerPort int port;
	@Autowired JdbcClient jdbc;

	WebDriver browser;

	void startBrowser() {

		Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"No Chromium here (" + CHROMIUM + ", " + CHROMEDRIVER + "): install Debian's chromium and "
						+ "chromium-driver (.ci/run does) to run the browser test of /ops");

		var options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,2400");
		var service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString()))
				.usingAnyFreePort().build();

		browser = new ChromeDriver(service, options);
	}

	@AfterEach
	void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void anAdministratorResubmitsADeadLetterAndSeesItDelivered() throws Exception {

		startBrowser();
		var deadLetter = deadLetterOfAWelcome();

		browser.get("http://localhost:" + port + "/ops");
		browser.findElement(By.id("email")).sendKeys("operator@shop.test");
		browser.findElement(By.id("password")).sendKeys("operations secret");
		browser.findElement(By.id("sign-in-button")).click();

		var row = waitFor(By.cssSelector("#dead-letters tr[data-id='" + deadLetter + "']"));
		assertThat(row.getText()).contains("UserRegistered", "notification: NotificationListeners.on", "EXHAUSTED",
				LAST_ERROR);
		assertThat(browser.findElement(By.cssSelector("#publication-counts tr[data-status='EXHAUSTED']")).getText())
				.matches("EXHAUSTED [1-9][0-9]*");
		assertThat(browser.findElement(By.id("orders-by-status")).getText()).contains("CONFIRMED", "REJECTED");
		assertThat(waitFor(By.cssSelector("#component-diagram[data-loaded]")).getAttribute("naturalWidth"))
				.isNotEqualTo("0");

		// for whoever wants to see the page without a browser: target/ops-page.png
		Files.write(Path.of("target/ops-page.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

		row.findElement(By.xpath(".//button[text()='Resubmit']")).click();

		new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.textToBePresentInElementLocated(
				By.id("activity"), "Delivered: UserRegistered to notification: NotificationListeners.on (" + deadLetter));
		new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.invisibilityOfElementLocated(
				By.cssSelector("#dead-letters tr[data-id='" + deadLetter + "']")));
		assertThat(jdbc.sql("SELECT status FROM event_publication_archive WHERE id = :id").param("id", deadLetter)
				.query(String.class).single()).isEqualTo("COMPLETED");
		assertThat(jdbc.sql("SELECT count(*) FROM event_publication_dead_letter WHERE id = :id")
				.param("id", deadLetter).query(Integer.class).single()).isZero();
	}

	@Test
	void aCustomerCannotUseThePage() throws Exception {

		startBrowser();
		register(uniqueEmail("customer"));

		browser.get("http://localhost:" + port + "/ops");
		browser.findElement(By.id("email")).sendKeys(lastRegistered);
		browser.findElement(By.id("password")).sendKeys("customer password");
		browser.findElement(By.id("sign-in-button")).click();

		new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.textToBePresentInElementLocated(
				By.id("sign-in-error"), "This account is not an administrator."));
		assertThat(browser.findElement(By.id("console")).isDisplayed()).isFalse();
	}

	@Test
	void servesOnlyTheShellWithoutATokenAndAnswersProblemDocuments() throws Exception {

		var page = http("GET", "/ops", null);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(it -> assertThat(it).startsWith("text/html"));
		assertThat(page.body()).contains("<script src=\"/ops/ops.js\">");
		assertThat(http("GET", "/ops/ops.js", null).statusCode()).isEqualTo(200);

		var diagram = http("GET", "/ops/components.svg", null);
		assertThat(diagram.statusCode()).isEqualTo(401);
		assertThat(diagram.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(http("POST", "/ops", null).headers().firstValue("Content-Type")).hasValue("application/problem+json");

		var admin = ForgedTokens.adminBearer();
		var served = http("GET", "/ops/components.svg", admin);
		assertThat(served.statusCode()).isEqualTo(200);
		assertThat(served.body()).startsWith("<svg").contains("modular-shop");
		var wrongMethod = http("POST", "/ops", admin);
		assertThat(wrongMethod.statusCode()).isEqualTo(405);
		assertThat(wrongMethod.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(http("GET", "/ops/missing.js", admin).headers().firstValue("Content-Type"))
				.hasValue("application/problem+json");
	}

	HttpResponse<String> http(String method, String path, String authorization) throws Exception {

		var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
				.method(method, HttpRequest.BodyPublishers.noBody());
		if (authorization != null) {
			request.header("Authorization", authorization);
		}

		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	String lastRegistered;

	/**
	 * A real welcome delivery, turned into what an SMTP outage would have left after every attempt: the notification
	 * listener's publication of a {@code UserRegistered}, taken from the archive into the dead letters ({@code
	 * EXHAUSTED}) with a recorded last error, and dated back as far as its eight attempts would have taken (so that
	 * its first retry after the resubmission is due at once: the tests run without the dispatcher's polling).
	 */
	UUID deadLetterOfAWelcome() throws Exception {

		var userId = register(uniqueEmail("welcome"));

		var publication = await().atMost(PATIENCE).until(() -> jdbc.sql("""
				SELECT id FROM event_publication_archive
				WHERE event_type = 'com.modularshop.user.events.UserRegistered'
				  AND listener_id LIKE 'com.modularshop.notification.%'
				  AND serialized_event::jsonb ->> 'userId' = :user""")
				.param("user", userId).query(UUID.class).optional(), it -> it.isPresent()).orElseThrow();

		jdbc.sql("""
				WITH moved AS (DELETE FROM event_publication_archive WHERE id = :id RETURNING *)
				INSERT INTO event_publication_dead_letter (id, listener_id, event_type, serialized_event,
				  publication_date, completion_attempts, last_resubmission_date, reason, dead_since)
				SELECT id, listener_id, event_type, serialized_event, publication_date - interval '30 minutes', 8,
				  last_resubmission_date, 'EXHAUSTED', now() FROM moved""").param("id", publication).update();
		jdbc.sql("""
				INSERT INTO event_publication_failure (listener_id, event_id, failures, last_error, last_failed_at)
				SELECT listener_id, CAST(serialized_event::jsonb ->> 'eventId' AS uuid), 8, :error, now()
				FROM event_publication_dead_letter WHERE id = :id""")
				.param("id", publication).param("error", LAST_ERROR).update();

		return publication;
	}

	String register(String email) throws Exception {

		lastRegistered = email;
		var response = HttpClient.newHttpClient().send(HttpRequest
				.newBuilder(URI.create("http://localhost:" + port + "/api/users"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("""
						{"email": "%s", "name": "Page Tester", "password": "customer password"}""".formatted(email)))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(201);

		return response.body().replaceAll(".*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
	}

	WebElement waitFor(By locator) {
		return new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.visibilityOfElementLocated(locator));
	}
}
