package dev.ordersaga.bff.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real HTTP peer (JDK {@link HttpServer} on a random port) that plays the order-saga-service's internal API as
 * documented, for the BFF's own module tests: {@code POST /orders} creates an order (201), {@code GET /orders/{id}}
 * returns it with a saga log (200) or 404; rejections are 400 problem+json. It records every request it receives.
 * A few switches make it misbehave the ways the real service can: reject, fail with 5xx, or hang.
 */
public final class FakeOrderSagaService implements AutoCloseable {

	/** POSTing an order for this customer makes the fake reject it (400), as the real service does for bad input. */
	public static final String REJECTED_CUSTOMER = "rejected-by-order-service";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	private final List<RecordedRequest> received = new CopyOnWriteArrayList<>();

	private final Map<String, ObjectNode> orders = new ConcurrentHashMap<>();

	private volatile int forcedStatus;

	private volatile CountDownLatch hang;

	private volatile boolean cutOff;

	private volatile boolean garbage;

	public FakeOrderSagaService() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.setExecutor(Executors.newCachedThreadPool());
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	public List<RecordedRequest> received() {
		return List.copyOf(this.received);
	}

	/** Forget recorded requests and switches (orders stay). */
	public void reset() {
		this.received.clear();
		this.forcedStatus = 0;
		this.cutOff = false;
		this.garbage = false;
		release();
	}

	/** Answer every request with this status (e.g. 500, 503, 418) and a problem body. */
	public void failWith(int status) {
		this.forcedStatus = status;
	}

	/** Accept requests but never answer them until {@link #release()}. */
	public void hang() {
		this.hang = new CountDownLatch(1);
	}

	/** Answer with headers and half the body, then drop the connection (the service died mid-answer). */
	public void cutOffMidBody() {
		this.cutOff = true;
	}

	/** Answer every request with a success status and a body that is not JSON. */
	public void answerGarbage() {
		this.garbage = true;
	}

	public void release() {
		CountDownLatch latch = this.hang;
		if (latch != null) {
			latch.countDown();
		}
		this.hang = null;
	}

	/** Store an order as if the saga had progressed, with a log in the service's (oldest first) order. */
	public void putOrder(String orderId, JsonNode order) {
		this.orders.put(orderId, (ObjectNode) order);
	}

	@Override
	public void close() {
		release();
		this.server.stop(0);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			headers.putAll(exchange.getRequestHeaders());
			this.received.add(new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
					headers, new String(body, StandardCharsets.UTF_8)));
			CountDownLatch latch = this.hang;
			if (latch != null) {
				latch.await(30, TimeUnit.SECONDS);
				return;
			}
			if (this.forcedStatus != 0) {
				send(exchange, this.forcedStatus, "application/problem+json",
						problem(this.forcedStatus, "Forced failure", "the fake was told to fail"));
				return;
			}
			String path = exchange.getRequestURI().getPath();
			if ("POST".equals(exchange.getRequestMethod()) && "/orders".equals(path)) {
				createOrder(exchange, body);
			}
			else if ("GET".equals(exchange.getRequestMethod()) && path.startsWith("/orders/")) {
				getOrder(exchange, path.substring("/orders/".length()));
			}
			else {
				send(exchange, 404, "application/problem+json", problem(404, "Not Found", "no such endpoint"));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void createOrder(HttpExchange exchange, byte[] body) throws IOException {
		JsonNode request = JSON.readTree(body);
		if (REJECTED_CUSTOMER.equals(request.path("customerId").asString())) {
			ObjectNode problem = problem(400, "Bad Request", "customerId is not allowed to order");
			problem.putArray("errors").addObject().put("field", "customerId").put("message", "is not allowed to order");
			send(exchange, 400, "application/problem+json", problem);
			return;
		}
		String orderId = UUID.randomUUID().toString();
		Instant now = Instant.now();
		ObjectNode order = JSON.createObjectNode();
		order.put("orderId", orderId);
		order.put("status", "PENDING");
		order.put("sagaState", "RESERVING_STOCK");
		order.put("customerId", request.path("customerId").asString());
		order.put("amountCents", request.path("amountCents").asLong());
		order.set("items", request.path("items"));
		order.put("createdAt", now.toString());
		order.put("updatedAt", now.toString());
		ArrayNode log = order.putArray("log");
		log.addObject()
			.put("step", "RESERVE_STOCK")
			.put("stepId", UUID.randomUUID().toString())
			.put("type", "COMMAND")
			.put("status", "SENT")
			.put("ts", now.toString())
			.putNull("error")
			.putObject("payload")
			.set("items", request.path("items"));
		this.orders.put(orderId, order);
		ObjectNode created = JSON.createObjectNode().put("orderId", orderId).put("status", "PENDING");
		send(exchange, 201, "application/json", created);
	}

	private void getOrder(HttpExchange exchange, String orderId) throws IOException {
		ObjectNode order = this.orders.get(orderId);
		if (order == null) {
			send(exchange, 404, "application/problem+json", problem(404, "Not Found", "no order " + orderId));
			return;
		}
		send(exchange, 200, "application/json", order);
	}

	private static ObjectNode problem(int status, String title, String detail) {
		return JSON.createObjectNode()
			.put("type", "about:blank")
			.put("title", title)
			.put("status", status)
			.put("detail", detail);
	}

	private void send(HttpExchange exchange, int status, String contentType, JsonNode body) throws IOException {
		byte[] bytes = this.garbage ? "{\"orderId\": not json".getBytes(StandardCharsets.UTF_8)
				: JSON.writeValueAsBytes(body);
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(status, bytes.length);
		if (this.cutOff) {
			exchange.getResponseBody().write(bytes, 0, bytes.length / 2);
			exchange.getResponseBody().flush();
			// closing the exchange with the body unfinished makes the JDK server drop the connection
			return;
		}
		exchange.getResponseBody().write(bytes);
	}

	/** What the fake received. */
	public record RecordedRequest(String method, String path, Map<String, List<String>> headers, String body) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		public String header(String name) {
			List<String> values = this.headers.get(name);
			return (values == null || values.isEmpty()) ? null : values.get(0);
		}

	}

	/** Handy for building stored orders in tests. */
	public static ObjectNode object() {
		return JSON.createObjectNode();
	}

}
