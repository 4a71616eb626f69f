package dev.ordersaga.bff.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client (the JDK's) for the BFF under test. */
public final class PublicApi {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String baseUrl;

	private final int port;

	public PublicApi(int port) {
		this.baseUrl = "http://localhost:" + port;
		this.port = port;
	}

	/**
	 * POSTs a JSON body with extra header lines written byte for byte, as curl sends them (the JDK client will not
	 * send a UTF-8 header value). HTTP/1.0, so the answer is not chunked and ends with the connection.
	 * @param headerLines e.g. {@code "Idempotency-Key: ключ-1"}, encoded in UTF-8
	 */
	public Response postRaw(String path, String json, String... headerLines) {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.0\r\n")
			.append("Host: localhost:").append(this.port).append("\r\n")
			.append("Accept: application/json\r\n")
			.append("Content-Type: application/json\r\n")
			.append("Content-Length: ").append(body.length).append("\r\n");
		for (String line : headerLines) {
			head.append(line).append("\r\n");
		}
		head.append("\r\n");
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(head.toString().getBytes(StandardCharsets.UTF_8));
			out.write(body);
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			in.transferTo(answer);
			String text = answer.toString(StandardCharsets.UTF_8);
			int end = text.indexOf("\r\n\r\n");
			String[] lines = text.substring(0, end).split("\r\n");
			int status = Integer.parseInt(lines[0].split(" ")[1]);
			String contentType = "";
			String location = null;
			for (int i = 1; i < lines.length; i++) {
				String lower = lines[i].toLowerCase(Locale.ROOT);
				if (lower.startsWith("content-type:")) {
					contentType = lines[i].substring("content-type:".length()).trim();
				}
				else if (lower.startsWith("location:")) {
					location = lines[i].substring("location:".length()).trim();
				}
			}
			return new Response(status, contentType, location, text.substring(end + 4));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public Response postOrder(String json) {
		return post("/saga/orders", json, "application/json");
	}

	public Response post(String path, String body, String contentType, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(30))
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(request.build());
	}

	public Response get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(30))
			.header("Accept", "application/json")
			.GET()
			.build());
	}

	public Response send(HttpRequest request) {
		try {
			HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.headers().firstValue("Location").orElse(null), response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** What the BFF answered. */
	public record Response(int status, String contentType, String location, String body) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		public boolean isProblem() {
			return this.contentType.startsWith("application/problem+json");
		}

	}

}
