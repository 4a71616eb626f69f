package dev.ordersaga.bff.web;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.Collection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import dev.ordersaga.bff.client.IdempotencyKeyReusedException;
import dev.ordersaga.bff.client.OrderRejectedException;
import dev.ordersaga.bff.client.OrderServiceProtocolException;
import dev.ordersaga.bff.client.OrderServiceUnavailableException;

/**
 * Every error of the public API as {@code application/problem+json} (RFC 9457): Spring MVC's own (404 unknown path,
 * 405, 415, ...) through {@link ResponseEntityExceptionHandler}, plus invalid orders (400 with an {@code errors}
 * array naming the fields), unknown orders (404) and an unavailable order service (503). Never a stack trace.
 */
@RestControllerAdvice
public class ApiProblemHandler extends ResponseEntityExceptionHandler {

	static final URI INVALID_ORDER = URI.create("urn:ordersaga:problem:invalid-order");

	static final URI ORDER_NOT_FOUND = URI.create("urn:ordersaga:problem:order-not-found");

	static final URI IDEMPOTENCY_KEY_REUSED = URI.create("urn:ordersaga:problem:idempotency-key-reused");

	static final URI ORDER_SERVICE_UNAVAILABLE = URI.create("urn:ordersaga:problem:order-service-unavailable");

	static final URI ORDER_SERVICE_ERROR = URI.create("urn:ordersaga:problem:order-service-error");

	private static final Logger log = LoggerFactory.getLogger(ApiProblemHandler.class);

	private static final String BODY = "body";

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<InvalidField> fields = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> new InvalidField(error.getField(), message(error)))
			.sorted(Comparator.comparing(InvalidField::field).thenComparing(InvalidField::message))
			.toList();
		if (fields.isEmpty()) {
			fields = List.of(new InvalidField(BODY, "is invalid"));
		}
		return invalidOrder(withIdempotencyKey(fields, request), headers);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestBodyLimit.TooLargeException tooLarge) {
				ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
						RequestBodyLimit.detail(tooLarge.maxBytes()));
				return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
					.contentType(MediaType.APPLICATION_PROBLEM_JSON)
					.body(problem);
			}
		}
		return invalidOrder(withIdempotencyKey(List.of(unreadable(ex)), request), headers);
	}

	/** An Idempotency-Key that breaks its syntax, with or without an invalid body (the body is checked first). */
	@ExceptionHandler(IdempotencyKey.InvalidIdempotencyKeyException.class)
	ResponseEntity<Object> invalidIdempotencyKey(IdempotencyKey.InvalidIdempotencyKeyException ex) {
		return invalidOrder(List.of(ex.field()), HttpHeaders.EMPTY);
	}

	@ExceptionHandler(OrderRejectedException.class)
	ResponseEntity<Object> orderRejected(OrderRejectedException ex) {
		List<InvalidField> fields = ex.violations()
			.stream()
			.map((violation) -> new InvalidField(violation.field(), violation.message()))
			.toList();
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.detail());
		problem.setType(INVALID_ORDER);
		problem.setTitle("Invalid order");
		problem.setProperty("errors", fields);
		return ResponseEntity.badRequest().body(problem);
	}

	@ExceptionHandler(IdempotencyKeyReusedException.class)
	ResponseEntity<Object> idempotencyKeyReused(IdempotencyKeyReusedException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage());
		problem.setType(IDEMPOTENCY_KEY_REUSED);
		problem.setTitle("Idempotency-Key reused");
		return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(problem);
	}

	@ExceptionHandler(OrderNotFoundException.class)
	ResponseEntity<Object> orderNotFound(OrderNotFoundException ex) {
		String id = ex.orderId();
		if (id.length() > 100) {
			id = id.substring(0, 100) + "...";
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no order with id " + id);
		problem.setType(ORDER_NOT_FOUND);
		problem.setTitle("Order not found");
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
	}

	/** Already logged (WARN, one line) by the client. */
	@ExceptionHandler(OrderServiceUnavailableException.class)
	ResponseEntity<Object> orderServiceUnavailable(OrderServiceUnavailableException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"order service unavailable, try again");
		problem.setType(ORDER_SERVICE_UNAVAILABLE);
		problem.setTitle("Order service unavailable");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(problem);
	}

	/** Already logged (WARN, one line) by the client. */
	@ExceptionHandler(OrderServiceProtocolException.class)
	ResponseEntity<Object> orderServiceError(OrderServiceProtocolException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
				"the order service answered unexpectedly");
		problem.setType(ORDER_SERVICE_ERROR);
		problem.setTitle("Order service error");
		return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(problem);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
		log.error("Unexpected error on {}", request.getDescription(false), ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"an unexpected error occurred");
		return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(problem);
	}

	private ResponseEntity<Object> invalidOrder(List<InvalidField> fields, HttpHeaders headers) {
		String detail = fields.stream()
			.map((field) -> field.field() + " " + field.message())
			.collect(Collectors.joining("; "));
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setType(INVALID_ORDER);
		problem.setTitle("Invalid order");
		problem.setProperty("errors", fields);
		return ResponseEntity.badRequest().headers(headers).body(problem);
	}

	/** The body's invalid fields plus the Idempotency-Key's, so that one answer names everything wrong. */
	private static List<InvalidField> withIdempotencyKey(List<InvalidField> fields, WebRequest request) {
		String[] keys = request.getHeaderValues(IdempotencyKey.HEADER);
		try {
			IdempotencyKey.of((keys != null) ? Arrays.asList(keys) : List.of());
			return fields;
		}
		catch (IdempotencyKey.InvalidIdempotencyKeyException ex) {
			List<InvalidField> all = new ArrayList<>(fields);
			all.add(ex.field());
			return all;
		}
	}

	private static String message(FieldError error) {
		return (error.getDefaultMessage() != null) ? error.getDefaultMessage() : "is invalid";
	}

	/**
	 * What Jackson (3) could not read, named by the JSON path it reached: an unknown property, a value of the wrong
	 * type, a number out of range, or JSON that is not well-formed (then with line and column).
	 */
	private static InvalidField unreadable(HttpMessageNotReadableException ex) {
		if (!(ex.getCause() instanceof JacksonException jackson)) {
			// Spring found no body at all (empty, or the JSON literal null)
			return new InvalidField(BODY, "is missing");
		}
		String path = path(jackson);
		if (jackson instanceof UnrecognizedPropertyException unknown) {
			String field = path.isEmpty() ? unknown.getPropertyName() : path;
			return new InvalidField(field, "is not a known property (allowed: "
					+ unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "))
					+ ")");
		}
		if (jackson instanceof MismatchedInputException mismatch) {
			if (path.isEmpty()) {
				return new InvalidField(BODY, "must be a single JSON object");
			}
			return new InvalidField(path, expected(mismatch.getTargetType()));
		}
		if (jackson instanceof InputCoercionException coercion) {
			return new InvalidField(path.isEmpty() ? BODY : path,
					"is out of range" + at(coercion.getLocation()));
		}
		if (jackson instanceof StreamReadException) {
			return new InvalidField(path.isEmpty() ? BODY : path,
					"is not well-formed JSON" + at(jackson.getLocation()) + ": " + withoutSource(jackson.getOriginalMessage()));
		}
		return new InvalidField(path.isEmpty() ? BODY : path, "cannot be read");
	}

	/** {@code items[0].qty} from Jackson's reference chain. */
	static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	/** Jackson's message without its "(start marker at [Source: REDACTED ...])" tail. */
	private static String withoutSource(@Nullable String message) {
		if (message == null) {
			return "unexpected input";
		}
		int source = message.indexOf(" (start marker at [Source:");
		return (source >= 0) ? message.substring(0, source) : message;
	}

	private static String at(@Nullable TokenStreamLocation location) {
		if (location == null || location.getLineNr() < 0) {
			return "";
		}
		return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
	}

	private static String expected(@Nullable Class<?> type) {
		if (type == null) {
			return "has the wrong type";
		}
		if (type == Integer.class || type == int.class || type == Long.class || type == long.class
				|| type == Short.class || type == short.class || type == BigInteger.class) {
			return "must be an integer";
		}
		if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class
				|| type == BigDecimal.class) {
			return "must be a number";
		}
		if (CharSequence.class.isAssignableFrom(type)) {
			return "must be a string";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "must be true or false";
		}
		if (Collection.class.isAssignableFrom(type) || type.isArray()) {
			return "must be an array";
		}
		return "must be an object";
	}

}
