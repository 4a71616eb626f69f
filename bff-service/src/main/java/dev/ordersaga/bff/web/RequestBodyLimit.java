package dev.ordersaga.bff.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies larger than {@code bff.max-request-body} (64 KB by default) with {@code 413}
 * problem+json: at once when the {@code Content-Length} says so, or as soon as a chunked body grows past the limit
 * ({@link TooLargeException}, answered by {@link ApiProblemHandler}). An order is a few hundred bytes; nothing is
 * read into memory beyond the limit.
 */
public class RequestBodyLimit extends OncePerRequestFilter {

	private final long maxBytes;

	public RequestBodyLimit(DataSize max) {
		this.maxBytes = max.toBytes();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long declared = request.getContentLengthLong();
		if (declared > this.maxBytes) {
			response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
			response.setContentType("application/problem+json");
			response.setCharacterEncoding("UTF-8");
			response.getWriter().write(problem(this.maxBytes, request.getRequestURI().replaceAll("[^\\w/.\\-]", "")));
			return;
		}
		chain.doFilter(new Limited(request, this.maxBytes), response);
	}

	static String detail(long maxBytes) {
		return "the request body is larger than " + maxBytes + " bytes";
	}

	private static String problem(long maxBytes, String instance) {
		return "{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,\"detail\":\""
				+ detail(maxBytes) + "\",\"instance\":\"" + instance + "\"}";
	}

	/** Read past the limit. */
	public static class TooLargeException extends IOException {

		private final long maxBytes;

		TooLargeException(long maxBytes) {
			super(detail(maxBytes));
			this.maxBytes = maxBytes;
		}

		public long maxBytes() {
			return this.maxBytes;
		}
	}

	private static final class Limited extends HttpServletRequestWrapper {

		private final long maxBytes;

		private ServletInputStream stream;

		Limited(HttpServletRequest request, long maxBytes) {
			super(request);
			this.maxBytes = maxBytes;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new Counting(super.getInputStream(), this.maxBytes);
			}
			return this.stream;
		}
	}

	private static final class Counting extends ServletInputStream {

		private final ServletInputStream in;

		private final long maxBytes;

		private long read;

		Counting(ServletInputStream in, long maxBytes) {
			this.in = in;
			this.maxBytes = maxBytes;
		}

		@Override
		public int read() throws IOException {
			int b = this.in.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.in.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws TooLargeException {
			this.read += n;
			if (this.read > this.maxBytes) {
				throw new TooLargeException(this.maxBytes);
			}
		}

		@Override
		public boolean isFinished() {
			return this.in.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.in.setReadListener(listener);
		}
	}
}
