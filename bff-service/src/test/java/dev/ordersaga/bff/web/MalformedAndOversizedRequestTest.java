package dev.ordersaga.bff.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import dev.ordersaga.bff.support.AgainstFakeOrderService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests Tomcat refuses before Spring MVC sees them, and bodies past the size limit, are problem+json too, and
 * reach nothing behind the BFF. Sent over a raw socket: an HTTP client library would refuse to send them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "bff.max-request-body=2KB")
class MalformedAndOversizedRequestTest extends AgainstFakeOrderService {

	@ParameterizedTest
	@ValueSource(strings = { "/saga/orders/a%2Fb", "/saga/orders/%", "/saga/orders/a%00b", "/saga/orders/%zz" })
	void aPathTomcatRefusesIsABadRequestProblem(String path) throws IOException {
		String response = exchange("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

		assertThat(response).startsWith("HTTP/1.1 400");
		assertThat(headers(response)).containsIgnoringCase("Content-Type: application/problem+json");
		assertThat(body(response)).contains("\"status\":400").contains("\"title\":\"Bad Request\"")
			.doesNotContain("<html");
	}

	@Test
	void aBodyDeclaredLargerThanTheLimitIsRefusedUnread() throws IOException {
		String body = order("x".repeat(3000));
		String response = exchange("POST /saga/orders HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
				+ "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);

		assertThat(response).startsWith("HTTP/1.1 413");
		assertThat(headers(response)).containsIgnoringCase("Content-Type: application/problem+json");
		assertThat(body(response)).contains("\"status\":413").contains("larger than 2048 bytes");
		assertThat(orderService.received()).isEmpty();
	}

	@Test
	void aChunkedBodyGrowingPastTheLimitIsRefused() throws IOException {
		String body = order("x".repeat(3000));
		String chunked = Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
		String response = exchange("POST /saga/orders HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
				+ "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked);

		assertThat(response).startsWith("HTTP/1.1 413");
		assertThat(headers(response)).containsIgnoringCase("Content-Type: application/problem+json");
		assertThat(body(response)).contains("\"status\":413").contains("larger than 2048 bytes");
		assertThat(orderService.received()).isEmpty();
	}

	@Test
	void aBodyWithinTheLimitIsStillAccepted() throws IOException {
		String body = order("alice");
		String response = exchange("POST /saga/orders HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
				+ "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);

		assertThat(response).startsWith("HTTP/1.1 202");
		assertThat(orderService.received()).hasSize(1);
	}

	private static String order(String customerId) {
		return "{\"customerId\":\"" + customerId + "\",\"items\":[{\"sku\":\"A\",\"qty\":1}],\"amount\":1.00}";
	}

	private String exchange(String request) throws IOException {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream received = new ByteArrayOutputStream();
			in.transferTo(received);
			return received.toString(StandardCharsets.UTF_8);
		}
	}

	private static String headers(String response) {
		return response.substring(0, response.indexOf("\r\n\r\n"));
	}

	private static String body(String response) {
		return response.substring(response.indexOf("\r\n\r\n") + 4);
	}

}
