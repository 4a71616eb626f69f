package dev.ordersaga.deadletteradmin;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A servlet web application with this library and one listener ({@link FlakyListener}), as a service is. In a
 * package of its own, so the other tests' application does not pick the listener up.
 */
@SpringBootApplication
public class AdminTestApplication {
}
