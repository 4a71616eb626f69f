package dev.ordersaga.bff.config;

import java.io.IOException;
import java.io.PrintWriter;

import org.apache.catalina.core.StandardHost;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

/**
 * Errors that Tomcat answers itself, before a request reaches Spring MVC (an encoded slash or a bad escape in the
 * path, a malformed request line), as {@code application/problem+json} like every other error of the public API,
 * instead of Tomcat's HTML error page.
 */
@Configuration(proxyBeanMethods = false)
public class ProblemJsonErrorReports {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemJsonErrorReportValve() {
		return factory -> factory.addContextCustomizers(context -> {
			if (context.getParent() instanceof StandardHost host) {
				for (Valve valve : host.getPipeline().getValves()) {
					if (valve instanceof ErrorReportValve) {
						host.getPipeline().removeValve(valve);
					}
				}
				// the host adds a valve of this class at start unless one is there already
				host.setErrorReportValveClass(ProblemJsonValve.class.getName());
				host.getPipeline().addValve(new ProblemJsonValve());
			}
		});
	}

	/** Writes RFC 9457 problem details for an error response nobody has written a body for. */
	public static class ProblemJsonValve extends ErrorReportValve {

		@Override
		protected void report(Request request, Response response, Throwable throwable) {
			int status = response.getStatus();
			if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
				return;
			}
			HttpStatus known = HttpStatus.resolve(status);
			String title = known != null ? known.getReasonPhrase() : "Error";
			String detail = status == 400 ? "The request line or path is malformed (for example an encoded '/' or"
					+ " an invalid %-escape in the path)." : title;
			try {
				response.setContentType("application/problem+json");
				response.setCharacterEncoding("UTF-8");
				PrintWriter writer = response.getReporter();
				if (writer != null) {
					writer.write("{\"type\":\"about:blank\",\"title\":" + json(title) + ",\"status\":" + status
							+ ",\"detail\":" + json(detail) + "}");
					response.finishResponse();
				}
			}
			catch (IOException | IllegalStateException ex) {
				// the client has gone away or the response is unusable: nothing more to say
			}
		}

		private static String json(String text) {
			StringBuilder out = new StringBuilder("\"");
			for (char c : text.toCharArray()) {
				switch (c) {
					case '"' -> out.append("\\\"");
					case '\\' -> out.append("\\\\");
					default -> {
						if (c < 0x20) {
							out.append(String.format("\\u%04x", (int) c));
						}
						else {
							out.append(c);
						}
					}
				}
			}
			return out.append('"').toString();
		}
	}
}
